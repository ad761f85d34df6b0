package io.gatehouse.directory.local;

import io.gatehouse.directory.Application;
import io.gatehouse.directory.ApplicationKey;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.directory.Invitation;
import io.gatehouse.directory.NewUser;
import io.gatehouse.directory.UserChanges;
import io.gatehouse.membership.MemberType;
import io.gatehouse.platform.security.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A directory kept in Gatehouse's own database ({@code gatehouse.directory.mode=local}, the default), so that
 * a first try needs no Azure tenant. It knows every user that created an account or associated a tenant,
 * and whatever is added to it through the local directory endpoint.
 */
public class LocalDirectory implements Directory {

    private static final RowMapper<DirectoryObject> ROW = (rs, i) -> new DirectoryObject(rs.getString("object_id"),
            MemberType.valueOf(rs.getString("object_type")), rs.getString("display_name"), rs.getString("given_name"),
            rs.getString("surname"), rs.getString("user_principal_name"), rs.getString("mail"), rs.getString("app_id"));

    private final JdbcTemplate jdbc;

    public LocalDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, DirectoryObject> findAll(String tenantId, MemberType type, Collection<String> ids) {
        return jdbc.query("SELECT * FROM local_directory_object WHERE tenant_id = ? AND object_type = ? "
                                + "AND object_id = ANY (?)", ROW, tenantId, type.name(), ids.toArray(String[]::new))
                .stream().collect(Collectors.toMap(DirectoryObject::id, Function.identity()));
    }

    @Override
    public List<DirectoryObject> search(String tenantId, MemberType type, String search, int limit) {
        String pattern = "%" + (search == null ? "" : search.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")) + "%";
        return jdbc.query("SELECT * FROM local_directory_object WHERE tenant_id = ? AND object_type = ? "
                        + "AND (lower(display_name) LIKE ? OR lower(coalesce(user_principal_name, '')) LIKE ? "
                        + "OR lower(coalesce(mail, '')) LIKE ?) ORDER BY lower(display_name), object_id LIMIT ?",
                ROW, tenantId, type.name(), pattern, pattern, pattern, limit);
    }

    @Override
    public boolean directoryIntegration(String tenantId) {
        List<Boolean> synced = jdbc.queryForList(
                "SELECT on_premises_sync_enabled FROM local_directory_tenant WHERE tenant_id = ?", Boolean.class, tenantId);
        return !synced.isEmpty() && synced.get(0);
    }

    @Override
    public Optional<DirectoryObject> findUserByPrincipalName(String tenantId, String userPrincipalName) {
        return jdbc.query("SELECT * FROM local_directory_object WHERE tenant_id = ? AND object_type = 'USER' "
                + "AND lower(user_principal_name) = lower(?)", ROW, tenantId, userPrincipalName).stream().findFirst();
    }

    @Override
    public DirectoryObject createUser(String tenantId, NewUser user) {
        if (findUserByPrincipalName(tenantId, user.userPrincipalName()).isPresent()) {
            throw conflict("userPrincipalName");
        }
        DirectoryObject created = DirectoryObject.user(UUID.randomUUID().toString(), user.displayName(),
                user.givenName(), user.surname(), user.userPrincipalName(), null);
        put(tenantId, created);
        return created;
    }

    @Override
    public void updateUser(String tenantId, String userId, UserChanges changes) {
        requireExists(tenantId, userId);
        if (changes.userPrincipalName() != null) {
            findUserByPrincipalName(tenantId, changes.userPrincipalName())
                    .filter(other -> !other.id().equals(userId))
                    .ifPresent(other -> {
                        throw conflict("userPrincipalName");
                    });
        }
        jdbc.update("UPDATE local_directory_object SET given_name = coalesce(?, given_name), "
                        + "surname = coalesce(?, surname), display_name = coalesce(?, display_name), "
                        + "user_principal_name = coalesce(?, user_principal_name) WHERE tenant_id = ? AND object_id = ?",
                changes.givenName(), changes.surname(), changes.displayName(), changes.userPrincipalName(),
                tenantId, userId);
    }

    @Override
    public void resetPassword(String tenantId, String userId, String temporaryPassword) {
        // the local directory signs nobody in: it keeps no password, it only checks the user exists
        requireExists(tenantId, userId);
    }

    @Override
    public void assignGlobalAdministrator(String tenantId, String userId) {
        requireExists(tenantId, userId);
    }

    @Override
    public Optional<DirectoryObject> findGuestByEmail(String tenantId, String email) {
        return jdbc.query("SELECT * FROM local_directory_object WHERE tenant_id = ? AND object_type = 'USER' "
                + "AND external_user_state IS NOT NULL AND lower(mail) = lower(?)", ROW, tenantId, email)
                .stream().findFirst();
    }

    @Override
    public Invitation invite(String tenantId, String email, String redirectUrl) {
        DirectoryObject guest = findGuestByEmail(tenantId, email).orElseGet(() -> {
            String id = UUID.randomUUID().toString();
            String upn = email.replace('@', '_') + "#EXT#@" + tenantId + ".local";
            jdbc.update("INSERT INTO local_directory_object (tenant_id, object_id, object_type, display_name, "
                    + "user_principal_name, mail, external_user_state) VALUES (?, ?, 'USER', ?, ?, ?, 'PendingAcceptance')",
                    tenantId, id, email, upn, email);
            return DirectoryObject.user(id, email, null, null, upn, email);
        });
        return new Invitation(guest.id(), externalUserState(tenantId, guest.id()));
    }

    @Override
    public Invitation resendInvitation(String tenantId, String guestUserId, String email, String redirectUrl) {
        requireExists(tenantId, guestUserId);
        return new Invitation(guestUserId, externalUserState(tenantId, guestUserId));
    }

    @Override
    public String externalUserState(String tenantId, String userId) {
        requireExists(tenantId, userId);
        return jdbc.queryForObject("SELECT external_user_state FROM local_directory_object WHERE tenant_id = ? "
                + "AND object_id = ?", String.class, tenantId, userId);
    }

    /** Local stand-in for a guest redeeming its invitation. */
    public void acceptInvitation(String tenantId, String guestUserId) {
        jdbc.update("UPDATE local_directory_object SET external_user_state = 'Accepted' WHERE tenant_id = ? "
                + "AND object_id = ? AND external_user_state IS NOT NULL", tenantId, guestUserId);
    }

    @Override
    public Optional<DirectoryObject> findGroupByMailNickname(String tenantId, String mailNickname) {
        return jdbc.query("SELECT * FROM local_directory_object WHERE tenant_id = ? AND object_type = 'GROUP' "
                + "AND mail_nickname = ?", ROW, tenantId, mailNickname).stream().findFirst();
    }

    /** At most one: the local directory keeps mailNickname unique, and its writes never land late. */
    @Override
    public List<DirectoryObject> findGroupsByMailNickname(String tenantId, String mailNickname) {
        return findGroupByMailNickname(tenantId, mailNickname).stream().toList();
    }

    @Override
    public void deleteGroup(String tenantId, String groupId) {
        jdbc.update("DELETE FROM local_directory_group_member WHERE tenant_id = ? AND group_id = ?", tenantId, groupId);
        jdbc.update("DELETE FROM local_directory_object WHERE tenant_id = ? AND object_id = ? AND object_type = 'GROUP'",
                tenantId, groupId);
    }

    @Override
    public DirectoryObject createGroup(String tenantId, String displayName, String mailNickname) {
        if (findGroupByMailNickname(tenantId, mailNickname).isPresent()) {
            throw conflict("mailNickname");
        }
        DirectoryObject group = DirectoryObject.group(UUID.randomUUID().toString(), displayName);
        put(tenantId, group);
        jdbc.update("UPDATE local_directory_object SET mail_nickname = ? WHERE tenant_id = ? AND object_id = ?",
                mailNickname, tenantId, group.id());
        return group;
    }

    @Override
    public void renameGroup(String tenantId, String groupId, String displayName) {
        requireExists(tenantId, groupId);
        jdbc.update("UPDATE local_directory_object SET display_name = ? WHERE tenant_id = ? AND object_id = ?",
                displayName, tenantId, groupId);
    }

    @Override
    public void addGroupMember(String tenantId, String groupId, String memberObjectId) {
        requireExists(tenantId, groupId);
        requireExists(tenantId, memberObjectId);
        jdbc.update("INSERT INTO local_directory_group_member (tenant_id, group_id, member_object_id) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", tenantId, groupId, memberObjectId);
    }

    @Override
    public void removeGroupMember(String tenantId, String groupId, String memberObjectId) {
        jdbc.update("DELETE FROM local_directory_group_member WHERE tenant_id = ? AND group_id = ? "
                + "AND member_object_id = ?", tenantId, groupId, memberObjectId);
    }

    @Override
    public List<String> groupsOf(String tenantId, String userId) {
        return jdbc.queryForList("SELECT group_id FROM local_directory_group_member WHERE tenant_id = ? "
                + "AND member_object_id = ? ORDER BY group_id", String.class, tenantId, userId);
    }

    private static final RowMapper<Application> APPLICATION = (rs, i) -> new Application(rs.getString("object_id"),
            rs.getString("app_id"), rs.getString("display_name"), rs.getString("reply_url"), rs.getString("app_id_uri"));

    @Override
    public Optional<Application> findApplicationByIdentifierUri(String tenantId, String appIdUri) {
        return jdbc.query("SELECT * FROM local_directory_object WHERE tenant_id = ? AND object_type = 'APPLICATION' "
                + "AND app_id_uri = ?", APPLICATION, tenantId, appIdUri).stream().findFirst();
    }

    @Override
    public List<Application> applicationsUsing(String tenantId, String replyUrl, String appIdUri) {
        return jdbc.query("SELECT * FROM local_directory_object WHERE tenant_id = ? AND object_type = 'APPLICATION' "
                + "AND (reply_url = ? OR app_id_uri = ?)", APPLICATION, tenantId, replyUrl, appIdUri);
    }

    /** None: the local directory keeps no tags, and its writes never land late, so no request needs its marker. */
    @Override
    public List<Application> findApplicationsByTag(String tenantId, String tag) {
        return List.of();
    }

    @Override
    public void deleteApplication(String tenantId, String applicationObjectId) {
        jdbc.update("DELETE FROM local_directory_key WHERE tenant_id = ? AND application_id = ?", tenantId,
                applicationObjectId);
        jdbc.update("DELETE FROM local_directory_object WHERE tenant_id = ? AND object_id = ? "
                + "AND object_type = 'APPLICATION'", tenantId, applicationObjectId);
    }

    @Override
    public Application createApplication(String tenantId, String displayName, String replyUrl, String appIdUri,
                                         String tag) {
        if (findApplicationByIdentifierUri(tenantId, appIdUri).isPresent()) {
            throw conflict("identifierUris");
        }
        Application application = new Application(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                displayName, replyUrl, appIdUri);
        put(tenantId, DirectoryObject.application(application.objectId(), displayName, application.appId()));
        jdbc.update("UPDATE local_directory_object SET reply_url = ?, app_id_uri = ? WHERE tenant_id = ? "
                + "AND object_id = ?", replyUrl, appIdUri, tenantId, application.objectId());
        return application;
    }

    @Override
    public void updateApplication(String tenantId, String applicationObjectId, String replyUrl, String appIdUri) {
        requireExists(tenantId, applicationObjectId);
        if (appIdUri != null) {
            findApplicationByIdentifierUri(tenantId, appIdUri)
                    .filter(other -> !other.objectId().equals(applicationObjectId))
                    .ifPresent(other -> {
                        throw conflict("identifierUris");
                    });
        }
        jdbc.update("UPDATE local_directory_object SET reply_url = coalesce(?, reply_url), "
                        + "app_id_uri = coalesce(?, app_id_uri) WHERE tenant_id = ? AND object_id = ?",
                replyUrl, appIdUri, tenantId, applicationObjectId);
    }

    @Override
    public void ensureServicePrincipal(String tenantId, String appId) {
        // the local directory has no service principals to make
    }

    @Override
    public ApplicationKey addKey(String tenantId, String applicationObjectId, String displayName,
                                 java.time.Instant expiresAt) {
        requireExists(tenantId, applicationObjectId);
        byte[] random = new byte[30];
        RANDOM.nextBytes(random);
        String secret = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ApplicationKey key = new ApplicationKey(UUID.randomUUID().toString(), secret, secret.substring(0, 3), now,
                expiresAt != null ? expiresAt : now.plus(java.time.Duration.ofDays(730)));
        jdbc.update("INSERT INTO local_directory_key (tenant_id, application_id, key_id, hint, created_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", tenantId, applicationObjectId, key.keyId(), key.hint(),
                java.sql.Timestamp.from(key.createdAt()), java.sql.Timestamp.from(key.expiresAt()));
        return key;
    }

    @Override
    public void removeKey(String tenantId, String applicationObjectId, String keyId) {
        int removed = jdbc.update("DELETE FROM local_directory_key WHERE tenant_id = ? AND application_id = ? "
                + "AND key_id = ?", tenantId, applicationObjectId, keyId);
        if (removed == 0) {
            throw new DirectoryException(DirectoryException.Reason.NOT_FOUND, "Request_ResourceNotFound",
                    "No key " + keyId + " on this application.");
        }
    }

    @Override
    public Optional<io.gatehouse.directory.ApplicationDetails> application(String tenantId, String applicationObjectId) {
        return jdbc.query("SELECT * FROM local_directory_object WHERE tenant_id = ? AND object_type = 'APPLICATION' "
                + "AND object_id = ?", APPLICATION, tenantId, applicationObjectId).stream().findFirst()
                .map(application -> new io.gatehouse.directory.ApplicationDetails(application, jdbc.query(
                        "SELECT key_id, hint, created_at, expires_at FROM local_directory_key WHERE tenant_id = ? "
                                + "AND application_id = ? ORDER BY created_at, key_id",
                        (rs, i) -> new ApplicationKey(rs.getString(1), null, rs.getString(2),
                                rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()),
                        tenantId, applicationObjectId)));
    }

    /** None: the local directory keeps no key names, and a key it adds is never left behind by a timeout. */
    @Override
    public List<ApplicationKey> findKeysByDisplayName(String tenantId, String applicationObjectId, String displayName) {
        return List.of();
    }

    private void requireExists(String tenantId, String objectId) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM local_directory_object WHERE tenant_id = ? "
                + "AND object_id = ?", Integer.class, tenantId, objectId);
        if (count == null || count == 0) {
            throw new DirectoryException(DirectoryException.Reason.NOT_FOUND, "Request_ResourceNotFound",
                    "Resource '" + objectId + "' does not exist or one of its queried reference-property objects "
                            + "are not present.");
        }
    }

    private static DirectoryException conflict(String property) {
        return new DirectoryException(DirectoryException.Reason.CONFLICT, "Request_BadRequest",
                "Another object with the same value for property " + property + " already exists.");
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Puts an object into the tenant's directory, or updates it. */
    public void put(String tenantId, DirectoryObject object) {
        jdbc.update("INSERT INTO local_directory_object (tenant_id, object_id, object_type, display_name, given_name, "
                        + "surname, user_principal_name, mail, app_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (tenant_id, object_id) DO UPDATE SET display_name = EXCLUDED.display_name, "
                        + "given_name = EXCLUDED.given_name, surname = EXCLUDED.surname, "
                        + "user_principal_name = EXCLUDED.user_principal_name, mail = EXCLUDED.mail, app_id = EXCLUDED.app_id",
                tenantId, object.id(), object.type().name(), object.displayName(), object.givenName(), object.surname(),
                object.userPrincipalName(), object.mail(), object.appId());
    }

    /** A user signed in to its tenant: the directory knows it from now on. */
    public void knowCaller(Caller caller) {
        String name = caller.name() != null ? caller.name() : caller.preferredUsername() != null
                ? caller.preferredUsername() : caller.oid();
        jdbc.update("INSERT INTO local_directory_object (tenant_id, object_id, object_type, display_name, "
                        + "user_principal_name, mail) VALUES (?, ?, 'USER', ?, ?, ?) ON CONFLICT DO NOTHING",
                caller.tenantId(), caller.oid(), name, caller.preferredUsername(), caller.preferredUsername());
    }

    /** Forgets a person (an erasure): the user object in every tenant and its group memberships. */
    public int erase(String objectId) {
        jdbc.update("DELETE FROM local_directory_group_member WHERE member_object_id = ?", objectId);
        return jdbc.update("DELETE FROM local_directory_object WHERE object_id = ? AND object_type = 'USER'", objectId);
    }

    /** Marks a tenant as synced from an on-premises directory (or not). */
    public void setDirectoryIntegration(String tenantId, boolean onPremisesSyncEnabled) {
        jdbc.update("INSERT INTO local_directory_tenant (tenant_id, on_premises_sync_enabled) VALUES (?, ?) "
                + "ON CONFLICT (tenant_id) DO UPDATE SET on_premises_sync_enabled = EXCLUDED.on_premises_sync_enabled",
                tenantId, onPremisesSyncEnabled);
    }
}
