/**
 * Capture input for {@code netboot decode}: UDP datagrams read from pcap, pcapng and hex-lines
 * files, with their frame number, time and addresses. Entry point: {@link dev.netboot.cli.capture.CaptureReader#open}.
 */
package dev.netboot.cli.capture;
