package io.gatehouse.platform.authorization;

import java.util.Set;

/** What authorization needs to know of an account: its owner and its associated tenants. */
public record AccountFacts(String accountId, String ownerOid, Set<String> tenants) {
}
