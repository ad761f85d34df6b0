package io.gatehouse.directory;

import io.gatehouse.membership.MemberType;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port to an Azure AD (Entra ID) tenant's directory. Adapters, both in this module: {@code local} (a directory
 * Gatehouse keeps in its own database, for a first try) and {@code graph} (Microsoft Graph), chosen by
 * {@code gatehouse.directory.mode} in every side that has the module (the command side, directory sync).
 */
public interface Directory {

    /** The objects of one type among {@code ids} that exist in the tenant, by id; missing ids are absent. */
    Map<String, DirectoryObject> findAll(String tenantId, MemberType type, Collection<String> ids);

    /** Objects of one type whose name starts with or contains {@code search}; all of them for a blank search. */
    List<DirectoryObject> search(String tenantId, MemberType type, String search, int limit);

    /** Whether {@link #delta} is supported: Graph's delta queries; the local directory has none. */
    default boolean supportsDelta() {
        return false;
    }

    /**
     * One delta round for one type of object: every page from {@code deltaLink} (null: a full sync, every object)
     * to the link of the next round. A link the directory no longer knows is a DirectoryException with reason
     * EXPIRED: start over with null.
     */
    default DirectoryDelta delta(String tenantId, MemberType type, String deltaLink) {
        throw new UnsupportedOperationException("Delta queries are not supported by this directory (local mode).");
    }

    /** Whether the tenant is synced from an on-premises directory ({@code organization.onPremisesSyncEnabled}). */
    boolean directoryIntegration(String tenantId);

    // Writes. Every write may throw DirectoryException. A write that timed out may still land, even seconds after
    // a retry looked for it: creations carry a marker of the request that made them (a group's mailNickname, an
    // application's tag, a key's displayName) so that what an earlier try made can be found, adopted or removed.

    Optional<DirectoryObject> findUserByPrincipalName(String tenantId, String userPrincipalName);

    DirectoryObject createUser(String tenantId, NewUser user);

    void updateUser(String tenantId, String userId, UserChanges changes);

    void resetPassword(String tenantId, String userId, String temporaryPassword);

    /** Assigns the Global Administrator directory role; assigning it twice is not an error. */
    void assignGlobalAdministrator(String tenantId, String userId);

    /** A guest user already invited with this email address, if any. */
    Optional<DirectoryObject> findGuestByEmail(String tenantId, String email);

    Invitation invite(String tenantId, String email, String redirectUrl);

    /** Invites again the way Graph does it: same object id and memberships, a new redemption. */
    Invitation resendInvitation(String tenantId, String guestUserId, String email, String redirectUrl);

    /** {@code PendingAcceptance} or {@code Accepted} (Graph's {@code externalUserState}); null for members. */
    String externalUserState(String tenantId, String userId);

    Optional<DirectoryObject> findGroupByMailNickname(String tenantId, String mailNickname);

    /** Every group with this mailNickname, oldest first: Azure AD does not keep a security group's unique. */
    List<DirectoryObject> findGroupsByMailNickname(String tenantId, String mailNickname);

    /** Deletes a group (not a member reference); one that is gone already is not an error. */
    void deleteGroup(String tenantId, String groupId);

    /** Creates a security group (not mail-enabled). */
    DirectoryObject createGroup(String tenantId, String displayName, String mailNickname);

    void renameGroup(String tenantId, String groupId, String displayName);

    /** Adds a member reference; one that already exists is not an error. */
    void addGroupMember(String tenantId, String groupId, String memberObjectId);

    /** Removes a member reference; one that does not exist is not an error. */
    void removeGroupMember(String tenantId, String groupId, String memberObjectId);

    /** Object ids of the groups the user is a direct member of. */
    List<String> groupsOf(String tenantId, String userId);

    Optional<Application> findApplicationByIdentifierUri(String tenantId, String appIdUri);

    /** Applications of the tenant whose Reply URL or App ID URI is one of the given URLs (uniqueness checks). */
    List<Application> applicationsUsing(String tenantId, String replyUrl, String appIdUri);

    /** Applications carrying {@code tag} among their {@code tags}, oldest first. */
    List<Application> findApplicationsByTag(String tenantId, String tag);

    /** {@code tag} (may be null) marks the request that made the application, for {@link #findApplicationsByTag}. */
    Application createApplication(String tenantId, String displayName, String replyUrl, String appIdUri, String tag);

    /** Deletes an application; one that is gone already is not an error. */
    void deleteApplication(String tenantId, String applicationObjectId);

    void updateApplication(String tenantId, String applicationObjectId, String replyUrl, String appIdUri);

    /** Creates the application's service principal; one that exists already is not an error. */
    void ensureServicePrincipal(String tenantId, String appId);

    ApplicationKey addKey(String tenantId, String applicationObjectId, String displayName, java.time.Instant expiresAt);

    void removeKey(String tenantId, String applicationObjectId, String keyId);

    /** The application with its Reply URL, App ID URI and every key (without secrets); empty when it is gone. */
    Optional<ApplicationDetails> application(String tenantId, String applicationObjectId);

    /** The application's keys with this displayName, oldest first, without secrets (Graph never shows one again). */
    List<ApplicationKey> findKeysByDisplayName(String tenantId, String applicationObjectId, String displayName);
}
