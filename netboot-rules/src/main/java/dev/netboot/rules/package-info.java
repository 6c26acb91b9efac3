/** Client classification: facts, predicates, rules, scopes and decisions. */
package dev.netboot.rules;
