package io.gatehouse.platform.directory;

import io.gatehouse.membership.MemberType;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The port to an Azure AD (Entra ID) tenant's directory. Adapters: {@code local} (a directory Gatehouse keeps
 * in its own database, for a first try) and {@code graph} (Microsoft Graph, from directory-sync), chosen by
 * {@code gatehouse.directory.mode}.
 */
public interface Directory {

    /** The objects of one type among {@code ids} that exist in the tenant, by id; missing ids are absent. */
    Map<String, DirectoryObject> findAll(String tenantId, MemberType type, Collection<String> ids);

    /** Objects of one type whose name starts with or contains {@code search}; all of them for a blank search. */
    List<DirectoryObject> search(String tenantId, MemberType type, String search, int limit);

    /** Whether the tenant is synced from an on-premises directory ({@code organization.onPremisesSyncEnabled}). */
    boolean directoryIntegration(String tenantId);
}
