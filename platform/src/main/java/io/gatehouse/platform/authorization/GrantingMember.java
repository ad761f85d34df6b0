package io.gatehouse.platform.authorization;

import io.gatehouse.access.Access;
import io.gatehouse.membership.MemberType;

/** A member entry whose access a caller holds: its own user entry, or a group it belongs to. */
public record GrantingMember(String memberId, MemberType type, String tenantId, String directoryObjectId,
                             Access access) {
}
