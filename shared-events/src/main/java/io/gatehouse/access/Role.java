package io.gatehouse.access;

/** Partner Center's standard roles. Owner is not a role: it is the account's creator. */
public enum Role {
    MANAGER, DEVELOPER, BUSINESS_CONTRIBUTOR, FINANCE_CONTRIBUTOR, MARKETER
}
