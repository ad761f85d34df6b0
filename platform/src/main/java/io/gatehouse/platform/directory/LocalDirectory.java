package io.gatehouse.platform.directory;

import io.gatehouse.membership.MemberType;
import io.gatehouse.platform.security.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    /** Marks a tenant as synced from an on-premises directory (or not). */
    public void setDirectoryIntegration(String tenantId, boolean onPremisesSyncEnabled) {
        jdbc.update("INSERT INTO local_directory_tenant (tenant_id, on_premises_sync_enabled) VALUES (?, ?) "
                + "ON CONFLICT (tenant_id) DO UPDATE SET on_premises_sync_enabled = EXCLUDED.on_premises_sync_enabled",
                tenantId, onPremisesSyncEnabled);
    }
}
