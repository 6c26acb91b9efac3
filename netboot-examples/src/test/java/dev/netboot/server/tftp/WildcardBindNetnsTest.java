package dev.netboot.server.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server listening on the wildcard address answers each transfer from the address the request was
 * sent to, not from whatever address routing picks: clients that check the server's address (EDK2,
 * and netboot's own client) would otherwise refuse the answer on a multi-homed host. Runs server and
 * client in a private network namespace ({@code unshare --net}), where 127.0.0.2 is a second local
 * address and nothing else can see the wildcard socket.
 */
class WildcardBindNetnsTest {
    @TempDir
    Path tmp;

    @Test
    void transfersAnswerFromTheAddressTheRequestWasSentTo() throws Exception {
        Assumptions.assumeTrue(Processes.isRoot(), "network namespaces need root; skipping");
        Assumptions.assumeTrue(Processes.available("unshare") && Processes.available("ip"),
                "unshare or ip (util-linux, iproute2) missing; skipping");
        Assumptions.assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(), "the epoll transport is needed");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path file = TestFiles.create(root, "f.bin", 70_000);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        String script = String.join("\n",
                "set -e",
                "ip link set lo up",
                "'" + java + "' -cp '" + cp + "' dev.netboot.cli.Netboot tftp serve --root '" + root + "' --port 6969"
                        + " > '" + tmp.resolve("serve.log") + "' 2>&1 &",
                "pid=$!",
                "for i in $(seq 300); do grep -q 'ready' '" + tmp.resolve("serve.log") + "' && break; sleep 0.1; done",
                "rc=0",
                "'" + java + "' -cp '" + cp + "' dev.netboot.cli.Netboot tftp get 127.0.0.2:6969 f.bin '"
                        + tmp.resolve("got.bin") + "' --blksize 1468 --windowsize 4 || rc=$?",
                "kill -KILL $pid",
                "exit $rc");
        Processes.Result r = Processes.run(Duration.ofSeconds(90), List.of("unshare", "--net", "--fork", "sh", "-c", script));
        assertEquals(0, r.exitCode(), r.output() + "\nserver log:\n" + Files.readString(tmp.resolve("serve.log")));
        assertTrue(r.output().contains("received 70000 bytes"), r.output());
        assertEquals(TestFiles.sha256(file), TestFiles.sha256(tmp.resolve("got.bin")));
    }
}
