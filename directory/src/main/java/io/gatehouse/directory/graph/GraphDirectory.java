package io.gatehouse.directory.graph;

import com.microsoft.graph.applications.item.addpassword.AddPasswordPostRequestBody;
import com.microsoft.graph.applications.item.removepassword.RemovePasswordPostRequestBody;
import com.microsoft.graph.directoryobjects.getbyids.GetByIdsPostRequestBody;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.PasswordCredential;
import com.microsoft.graph.models.PasswordProfile;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.WebApplication;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestAdapter;
import io.gatehouse.membership.MemberType;
import io.gatehouse.directory.Application;
import io.gatehouse.directory.ApplicationDetails;
import io.gatehouse.directory.ApplicationKey;
import io.gatehouse.directory.DirectoryChange;
import io.gatehouse.directory.DirectoryDelta;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryException.Reason;
import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.directory.Invitation;
import io.gatehouse.directory.NewUser;
import io.gatehouse.directory.UserChanges;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The directory port on Microsoft Graph v1.0 ({@code gatehouse.directory.mode=graph}), with the one multi-tenant app
 * registration's client credentials in each tenant. Every Graph failure becomes a {@link DirectoryException}.
 */
public class GraphDirectory implements Directory {

    /** Global Administrator's role template id, the same in every tenant. */
    static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";

    /** Graph's cap on {@code $top} for directory objects, and on ids per {@code getByIds}. */
    private static final int MAX_TOP = 999;
    private static final int MAX_IDS = 1000;
    private static final Pattern OBJECT_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final String[] USER_FIELDS = {"id", "displayName", "givenName", "surname", "userPrincipalName", "mail"};
    private static final String[] GROUP_FIELDS = {"id", "displayName"};
    private static final String[] APPLICATION_FIELDS = {"id", "appId", "displayName", "web", "identifierUris"};
    private static final String[] DELTA_USER_FIELDS = {"id", "displayName", "givenName", "surname",
            "userPrincipalName", "mail", "accountEnabled", "externalUserState"};
    /** {@code members} makes each changed group carry {@code members@delta}: who joined or left it. */
    private static final String[] DELTA_GROUP_FIELDS = {"id", "displayName", "members"};
    private static final String[] DELTA_APPLICATION_FIELDS = {"id", "appId", "displayName", "web", "identifierUris",
            "passwordCredentials"};

    private final GraphClients clients;
    private final String graphBase;

    public GraphDirectory(GraphDirectoryProperties properties) {
        this.clients = new GraphClients(properties);
        this.graphBase = properties.graphBase();
    }

    // Reads

    /**
     * One {@code POST /directoryObjects/getByIds} per 1,000 ids rather than a GET per id: one round trip (and one
     * request against the throttling budget) for a whole list, ids that do not exist are simply absent instead of
     * 404s to tell apart from real failures, and {@code types} keeps a group id out of a user look-up.
     */
    @Override
    public Map<String, DirectoryObject> findAll(String tenantId, MemberType type, Collection<String> ids) {
        // Graph refuses the whole call for one id that is not a GUID; such an id exists nowhere anyway
        List<String> wanted = ids.stream().filter(Objects::nonNull).filter(id -> OBJECT_ID.matcher(id).matches())
                .distinct().toList();
        Map<String, DirectoryObject> found = new LinkedHashMap<>();
        for (int from = 0; from < wanted.size(); from += MAX_IDS) {
            GetByIdsPostRequestBody body = new GetByIdsPostRequestBody();
            body.setIds(wanted.subList(from, Math.min(from + MAX_IDS, wanted.size())));
            body.setTypes(List.of(type.apiName()));
            var answer = call(() -> graph(tenantId).directoryObjects().getByIds().post(body));
            if (answer != null && answer.getValue() != null) {
                answer.getValue().stream().map(GraphDirectory::toDirectoryObject).filter(Objects::nonNull)
                        .filter(object -> object.type() == type).forEach(object -> found.put(object.id(), object));
            }
        }
        return found;
    }

    /**
     * {@code $search} on directory objects is an advanced query: it needs {@code ConsistencyLevel: eventual} and
     * {@code $count=true}. One page of at most 999; a blank search lists the first page of all of them.
     */
    @Override
    public List<DirectoryObject> search(String tenantId, MemberType type, String search, int limit) {
        int top = Math.max(1, Math.min(limit, MAX_TOP));
        String query = search == null || search.isBlank() ? null : switch (type) {
            // users are also found by sign-in name or email address, as in Partner Center's picker
            case USER -> searchTerm("displayName", search) + " OR " + searchTerm("userPrincipalName", search)
                    + " OR " + searchTerm("mail", search);
            case GROUP, APPLICATION -> searchTerm("displayName", search);
        };
        GraphServiceClient graph = graph(tenantId);
        return call(() -> switch (type) {
            case USER -> values(graph.users().get(request -> {
                eventual(request.headers);
                request.queryParameters.search = query;
                request.queryParameters.count = true;
                request.queryParameters.top = top;
                request.queryParameters.select = USER_FIELDS;
            }).getValue());
            case GROUP -> values(graph.groups().get(request -> {
                eventual(request.headers);
                request.queryParameters.search = query;
                request.queryParameters.count = true;
                request.queryParameters.top = top;
                request.queryParameters.select = GROUP_FIELDS;
            }).getValue());
            case APPLICATION -> values(graph.applications().get(request -> {
                eventual(request.headers);
                request.queryParameters.search = query;
                request.queryParameters.count = true;
                request.queryParameters.top = top;
                request.queryParameters.select = APPLICATION_FIELDS;
            }).getValue());
        });
    }

    @Override
    public boolean supportsDelta() {
        return true;
    }

    /**
     * {@code /users/delta}, {@code /groups/delta} or {@code /applications/delta} with {@code $select} of what the Users
     * list shows, every {@code @odata.nextLink} followed to the {@code @odata.deltaLink}. The first request of a full
     * sync carries the {@code $select}; Graph keeps it in the links it hands out.
     */
    @Override
    public DirectoryDelta delta(String tenantId, MemberType type, String deltaLink) {
        GraphServiceClient graph = graph(tenantId);
        List<DirectoryChange> changes = new ArrayList<>();
        String link = deltaLink;
        while (true) {
            String from = link;
            DeltaPage page = switch (type) {
                case USER -> {
                    var answer = call(() -> from == null ? graph.users().delta().get(request ->
                            request.queryParameters.select = DELTA_USER_FIELDS)
                            : graph.users().delta().withUrl(from).get());
                    yield new DeltaPage(answer.getValue(), answer.getOdataNextLink(), answer.getOdataDeltaLink());
                }
                case GROUP -> {
                    var answer = call(() -> from == null ? graph.groups().delta().get(request ->
                            request.queryParameters.select = DELTA_GROUP_FIELDS)
                            : graph.groups().delta().withUrl(from).get());
                    yield new DeltaPage(answer.getValue(), answer.getOdataNextLink(), answer.getOdataDeltaLink());
                }
                case APPLICATION -> {
                    var answer = call(() -> from == null ? graph.applications().delta().get(request ->
                            request.queryParameters.select = DELTA_APPLICATION_FIELDS)
                            : graph.applications().delta().withUrl(from).get());
                    yield new DeltaPage(answer.getValue(), answer.getOdataNextLink(), answer.getOdataDeltaLink());
                }
            };
            if (page.objects() != null) {
                page.objects().stream().map(object -> change(type, object)).filter(Objects::nonNull)
                        .forEach(changes::add);
            }
            if (page.nextLink() != null) {
                link = page.nextLink();
            } else {
                return new DirectoryDelta(changes, page.deltaLink() != null ? page.deltaLink() : deltaLink);
            }
        }
    }

    private record DeltaPage(List<? extends com.microsoft.graph.models.DirectoryObject> objects, String nextLink,
                             String deltaLink) {
    }

    private static DirectoryChange change(MemberType type, com.microsoft.graph.models.DirectoryObject object) {
        if (object == null || object.getId() == null) {
            return null;
        }
        boolean removed = object.getAdditionalData() != null && object.getAdditionalData().containsKey("@removed");
        if (removed) {
            return new DirectoryChange(object.getId(), type, true, null, null, null, null, null, null, null, null, null,
                    null);
        }
        if (object instanceof User user) {
            return new DirectoryChange(user.getId(), MemberType.USER, false, user.getDisplayName(), user.getGivenName(),
                    user.getSurname(), user.getUserPrincipalName(), user.getAccountEnabled(),
                    user.getExternalUserState(), null, null, null, null);
        }
        if (object instanceof Group group) {
            return new DirectoryChange(group.getId(), MemberType.GROUP, false, group.getDisplayName(), null, null,
                    null, null, null, null, null, null, ids(group.getAdditionalData().get("members@delta")));
        }
        if (object instanceof com.microsoft.graph.models.Application application) {
            Application urls = toApplication(application);
            List<ApplicationKey> keys = application.getPasswordCredentials() == null ? null
                    : application.getPasswordCredentials().stream().map(key -> new ApplicationKey(
                            String.valueOf(key.getKeyId()), null, key.getHint(), instant(key.getStartDateTime()),
                            instant(key.getEndDateTime()))).toList();
            return new DirectoryChange(application.getId(), MemberType.APPLICATION, false,
                    application.getDisplayName(), null, null, null, null, null, urls.replyUrl(), urls.appIdUri(), keys,
                    null);
        }
        return null;
    }

    /** The {@code id} of every object in an annotation such as {@code members@delta}, however the SDK parsed it. */
    private static List<String> ids(Object annotation) {
        List<String> ids = new ArrayList<>();
        Iterable<?> items = annotation instanceof com.microsoft.kiota.serialization.UntypedArray array ? array.getValue()
                : annotation instanceof Iterable<?> list ? list : List.of();
        for (Object item : items) {
            Object id = item instanceof com.microsoft.kiota.serialization.UntypedObject object
                    ? object.getValue().get("id") : item instanceof Map<?, ?> map ? map.get("id") : null;
            if (id instanceof com.microsoft.kiota.serialization.UntypedString text) {
                id = text.getValue();
            }
            if (id instanceof String value) {
                ids.add(value);
            }
        }
        return ids;
    }

    @Override
    public boolean directoryIntegration(String tenantId) {
        var organizations = call(() -> graph(tenantId).organization().get(request ->
                request.queryParameters.select = new String[] {"id", "onPremisesSyncEnabled"}));
        return organizations != null && organizations.getValue() != null && organizations.getValue().stream()
                .anyMatch(organization -> Boolean.TRUE.equals(organization.getOnPremisesSyncEnabled()));
    }

    // Users

    /** By {@code $filter} rather than {@code GET /users/{upn}}: absence is an empty list, not a 404. */
    @Override
    public Optional<DirectoryObject> findUserByPrincipalName(String tenantId, String userPrincipalName) {
        return firstUser(tenantId, "userPrincipalName eq " + literal(userPrincipalName));
    }

    @Override
    public DirectoryObject createUser(String tenantId, NewUser user) {
        User body = new User();
        body.setAccountEnabled(true);
        body.setDisplayName(user.displayName());
        body.setGivenName(user.givenName());
        body.setSurname(user.surname());
        body.setMailNickname(user.mailNickname());
        body.setUserPrincipalName(user.userPrincipalName());
        body.setPasswordProfile(temporaryPassword(user.temporaryPassword()));
        if (user.passwordRecoveryEmail() != null) {
            // where a Global Administrator's password can be recovered
            body.setOtherMails(java.util.List.of(user.passwordRecoveryEmail()));
        }
        User created = call(() -> graph(tenantId).users().post(body));
        return DirectoryObject.user(created.getId(), created.getDisplayName(), created.getGivenName(),
                created.getSurname(), created.getUserPrincipalName(), created.getMail());
    }

    @Override
    public void updateUser(String tenantId, String userId, UserChanges changes) {
        // only what is set is sent: the SDK's backing store serializes changed properties only
        User body = new User();
        if (changes.givenName() != null) {
            body.setGivenName(changes.givenName());
        }
        if (changes.surname() != null) {
            body.setSurname(changes.surname());
        }
        if (changes.displayName() != null) {
            body.setDisplayName(changes.displayName());
        }
        if (changes.userPrincipalName() != null) {
            body.setUserPrincipalName(changes.userPrincipalName());
        }
        run(() -> graph(tenantId).users().byUserId(userId).patch(body));
    }

    @Override
    public void resetPassword(String tenantId, String userId, String temporaryPassword) {
        User body = new User();
        body.setPasswordProfile(temporaryPassword(temporaryPassword));
        run(() -> graph(tenantId).users().byUserId(userId).patch(body));
    }

    @Override
    public void assignGlobalAdministrator(String tenantId, String userId) {
        UnifiedRoleAssignment body = new UnifiedRoleAssignment();
        body.setRoleDefinitionId(GLOBAL_ADMINISTRATOR);
        body.setPrincipalId(userId);
        body.setDirectoryScopeId("/");
        try {
            run(() -> graph(tenantId).roleManagement().directory().roleAssignments().post(body));
        } catch (DirectoryException e) {
            if (e.reason() != Reason.CONFLICT) {
                throw e;
            }
            // the same assignment exists already: that is what was asked
        }
    }

    // Guests

    @Override
    public Optional<DirectoryObject> findGuestByEmail(String tenantId, String email) {
        return firstUser(tenantId, "mail eq " + literal(email) + " and userType eq 'Guest'");
    }

    @Override
    public Invitation invite(String tenantId, String email, String redirectUrl) {
        var body = invitation(email, redirectUrl);
        return toInvitation(call(() -> graph(tenantId).invitations().post(body)));
    }

    @Override
    public Invitation resendInvitation(String tenantId, String guestUserId, String email, String redirectUrl) {
        var body = invitation(email, redirectUrl);
        User guest = new User();
        guest.setId(guestUserId);
        body.setInvitedUser(guest);
        body.setResetRedemption(true);
        return toInvitation(call(() -> graph(tenantId).invitations().post(body)));
    }

    @Override
    public String externalUserState(String tenantId, String userId) {
        User user = call(() -> graph(tenantId).users().byUserId(userId).get(request ->
                request.queryParameters.select = new String[] {"id", "externalUserState"}));
        return user.getExternalUserState();
    }

    // Groups

    @Override
    public Optional<DirectoryObject> findGroupByMailNickname(String tenantId, String mailNickname) {
        var groups = call(() -> graph(tenantId).groups().get(request -> {
            request.queryParameters.filter = "mailNickname eq " + literal(mailNickname);
            request.queryParameters.select = GROUP_FIELDS;
        }));
        return values(groups.getValue()).stream().findFirst();
    }

    /**
     * Graph keeps a mail-enabled group's mailNickname unique, not a security group's: two tries of one creation can
     * both land. {@code $filter} on mailNickname is a default query; {@code $orderby} with it is not, so sort here.
     */
    @Override
    public List<DirectoryObject> findGroupsByMailNickname(String tenantId, String mailNickname) {
        var groups = call(() -> graph(tenantId).groups().get(request -> {
            request.queryParameters.filter = "mailNickname eq " + literal(mailNickname);
            request.queryParameters.select = new String[] {"id", "displayName", "createdDateTime"};
        }));
        return groups.getValue() == null ? List.of() : groups.getValue().stream()
                .sorted(Comparator.comparing(Group::getCreatedDateTime, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(group -> DirectoryObject.group(group.getId(), group.getDisplayName())).toList();
    }

    @Override
    public void deleteGroup(String tenantId, String groupId) {
        try {
            run(() -> graph(tenantId).groups().byGroupId(groupId).delete());
        } catch (DirectoryException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public DirectoryObject createGroup(String tenantId, String displayName, String mailNickname) {
        Group body = new Group();
        body.setDisplayName(displayName);
        body.setMailEnabled(false);
        body.setMailNickname(mailNickname);
        body.setSecurityEnabled(true);
        Group created = call(() -> graph(tenantId).groups().post(body));
        return DirectoryObject.group(created.getId(), created.getDisplayName());
    }

    @Override
    public void renameGroup(String tenantId, String groupId, String displayName) {
        Group body = new Group();
        body.setDisplayName(displayName);
        run(() -> graph(tenantId).groups().byGroupId(groupId).patch(body));
    }

    @Override
    public void addGroupMember(String tenantId, String groupId, String memberObjectId) {
        ReferenceCreate reference = new ReferenceCreate();
        reference.setOdataId(graphBase + "/directoryObjects/" + memberObjectId);
        try {
            run(() -> graph(tenantId).groups().byGroupId(groupId).members().ref().post(reference));
        } catch (DirectoryException e) {
            // "One or more added object references already exist for the following modified properties: 'members'."
            if (e.reason() != Reason.CONFLICT) {
                throw e;
            }
        }
    }

    @Override
    public void removeGroupMember(String tenantId, String groupId, String memberObjectId) {
        try {
            // DELETE .../members/{id}/$ref removes the reference; without /$ref Graph would delete the object
            run(() -> graph(tenantId).groups().byGroupId(groupId).members().byDirectoryObjectId(memberObjectId)
                    .ref().delete());
        } catch (DirectoryException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Direct memberships only ({@code memberOf}, not {@code transitiveMemberOf}), every page, groups only. */
    @Override
    public List<String> groupsOf(String tenantId, String userId) {
        GraphServiceClient graph = graph(tenantId);
        List<String> groupIds = new ArrayList<>();
        var page = call(() -> graph.users().byUserId(userId).memberOf().get(request ->
                request.queryParameters.select = new String[] {"id"}));
        while (page != null) {
            // directory roles and administrative units are memberships too
            values(page.getValue()).stream().filter(object -> object.type() == MemberType.GROUP)
                    .forEach(group -> groupIds.add(group.id()));
            String next = page.getOdataNextLink();
            page = next == null ? null : call(() -> graph.users().byUserId(userId).memberOf().withUrl(next).get());
        }
        return groupIds;
    }

    // Applications

    @Override
    public Optional<Application> findApplicationByIdentifierUri(String tenantId, String appIdUri) {
        return applications(tenantId, "identifierUris/any(uri:uri eq " + literal(appIdUri) + ")")
                .stream().findFirst();
    }

    /**
     * A paged scan of every application ({@code $select} of the URLs only, 999 a page, following
     * {@code @odata.nextLink}): Graph does not reliably filter applications by redirect URI (it answers 400
     * {@code Request_UnsupportedQuery} in many tenants), and a scan also sees an application's every URL, not only its
     * first. Each match carries the URL it matched as its Reply URL or App ID URI.
     */
    @Override
    public List<Application> applicationsUsing(String tenantId, String replyUrl, String appIdUri) {
        GraphServiceClient graph = graph(tenantId);
        List<Application> found = new ArrayList<>();
        var page = call(() -> graph.applications().get(request -> {
            request.queryParameters.select = APPLICATION_FIELDS;
            request.queryParameters.top = MAX_TOP;
        }));
        while (page != null) {
            if (page.getValue() != null) {
                for (var application : page.getValue()) {
                    List<String> replyUrls = application.getWeb() == null || application.getWeb().getRedirectUris() == null
                            ? List.of() : application.getWeb().getRedirectUris();
                    List<String> appIdUris = application.getIdentifierUris() == null ? List.of()
                            : application.getIdentifierUris();
                    boolean replyUrlUsed = replyUrl != null && replyUrls.contains(replyUrl);
                    boolean appIdUriUsed = appIdUri != null && appIdUris.contains(appIdUri);
                    if (replyUrlUsed || appIdUriUsed) {
                        Application first = toApplication(application);
                        found.add(new Application(first.objectId(), first.appId(), first.displayName(),
                                replyUrlUsed ? replyUrl : first.replyUrl(), appIdUriUsed ? appIdUri : first.appIdUri()));
                    }
                }
            }
            String next = page.getOdataNextLink();
            page = next == null ? null : call(() -> graph.applications().withUrl(next).get());
        }
        return found;
    }

    /** {@code tags/any()} is a default query on applications (unlike {@code web/redirectUris}); sorted here. */
    @Override
    public List<Application> findApplicationsByTag(String tenantId, String tag) {
        var applications = call(() -> graph(tenantId).applications().get(request -> {
            request.queryParameters.filter = "tags/any(t:t eq " + literal(tag) + ")";
            request.queryParameters.select = new String[] {"id", "appId", "displayName", "web", "identifierUris",
                    "createdDateTime"};
        }));
        return applications.getValue() == null ? List.of() : applications.getValue().stream()
                .sorted(Comparator.comparing(com.microsoft.graph.models.Application::getCreatedDateTime,
                        Comparator.nullsLast(Comparator.naturalOrder())))
                .map(GraphDirectory::toApplication).toList();
    }

    @Override
    public Application createApplication(String tenantId, String displayName, String replyUrl, String appIdUri,
                                         String tag) {
        var body = new com.microsoft.graph.models.Application();
        body.setDisplayName(displayName);
        body.setWeb(web(replyUrl));
        body.setIdentifierUris(List.of(appIdUri));
        if (tag != null) {
            body.setTags(List.of(tag));
        }
        return toApplication(call(() -> graph(tenantId).applications().post(body)));
    }

    @Override
    public void deleteApplication(String tenantId, String applicationObjectId) {
        try {
            run(() -> graph(tenantId).applications().byApplicationId(applicationObjectId).delete());
        } catch (DirectoryException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public void updateApplication(String tenantId, String applicationObjectId, String replyUrl, String appIdUri) {
        var body = new com.microsoft.graph.models.Application();
        if (replyUrl != null) {
            body.setWeb(web(replyUrl));
        }
        if (appIdUri != null) {
            body.setIdentifierUris(List.of(appIdUri));
        }
        run(() -> graph(tenantId).applications().byApplicationId(applicationObjectId).patch(body));
    }

    @Override
    public void ensureServicePrincipal(String tenantId, String appId) {
        ServicePrincipal body = new ServicePrincipal();
        body.setAppId(appId);
        try {
            run(() -> graph(tenantId).servicePrincipals().post(body));
        } catch (DirectoryException e) {
            // "... same value for property servicePrincipalNames already exists": made by an earlier try
            if (e.reason() != Reason.CONFLICT) {
                throw e;
            }
        }
    }

    @Override
    public ApplicationKey addKey(String tenantId, String applicationObjectId, String displayName, Instant expiresAt) {
        PasswordCredential credential = new PasswordCredential();
        credential.setDisplayName(displayName);
        if (expiresAt != null) {
            credential.setEndDateTime(OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
        }
        AddPasswordPostRequestBody body = new AddPasswordPostRequestBody();
        body.setPasswordCredential(credential);
        PasswordCredential key = call(() -> graph(tenantId).applications().byApplicationId(applicationObjectId)
                .addPassword().post(body));
        return new ApplicationKey(String.valueOf(key.getKeyId()), key.getSecretText(), key.getHint(),
                instant(key.getStartDateTime()), instant(key.getEndDateTime()));
    }

    @Override
    public void removeKey(String tenantId, String applicationObjectId, String keyId) {
        if (keyId == null || !OBJECT_ID.matcher(keyId).matches()) {
            // keys are GUIDs: Graph would only refuse the request as malformed
            throw new DirectoryException(Reason.NOT_FOUND, "Request_ResourceNotFound",
                    "No key " + keyId + " on this application.");
        }
        RemovePasswordPostRequestBody body = new RemovePasswordPostRequestBody();
        body.setKeyId(UUID.fromString(keyId));
        run(() -> graph(tenantId).applications().byApplicationId(applicationObjectId).removePassword().post(body));
    }

    @Override
    public Optional<ApplicationDetails> application(String tenantId, String applicationObjectId) {
        try {
            var application = call(() -> graph(tenantId).applications().byApplicationId(applicationObjectId).get(
                    request -> request.queryParameters.select = new String[] {"id", "appId", "displayName", "web",
                            "identifierUris", "passwordCredentials"}));
            List<PasswordCredential> keys = application.getPasswordCredentials() == null ? List.of()
                    : application.getPasswordCredentials();
            return Optional.of(new ApplicationDetails(toApplication(application), keys.stream()
                    .sorted(Comparator.comparing(PasswordCredential::getStartDateTime,
                            Comparator.nullsLast(Comparator.naturalOrder())))
                    .map(key -> new ApplicationKey(String.valueOf(key.getKeyId()), null, key.getHint(),
                            instant(key.getStartDateTime()), instant(key.getEndDateTime()))).toList()));
        } catch (DirectoryException e) {
            if (e.reason() == Reason.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<ApplicationKey> findKeysByDisplayName(String tenantId, String applicationObjectId, String displayName) {
        var application = call(() -> graph(tenantId).applications().byApplicationId(applicationObjectId).get(request ->
                request.queryParameters.select = new String[] {"id", "passwordCredentials"}));
        List<PasswordCredential> keys = application.getPasswordCredentials();
        return keys == null ? List.of() : keys.stream().filter(key -> displayName.equals(key.getDisplayName()))
                .sorted(Comparator.comparing(PasswordCredential::getStartDateTime,
                        Comparator.nullsLast(Comparator.naturalOrder())))
                .map(key -> new ApplicationKey(String.valueOf(key.getKeyId()), null, key.getHint(),
                        instant(key.getStartDateTime()), instant(key.getEndDateTime()))).toList();
    }

    // Plumbing

    /** The client for one tenant, for tests that look at how it is set up. */
    RequestAdapter requestAdapter(String tenantId) {
        return graph(tenantId).getRequestAdapter();
    }

    private GraphServiceClient graph(String tenantId) {
        return clients.forTenant(tenantId);
    }

    private static <T> T call(Supplier<T> graphCall) {
        try {
            return graphCall.get();
        } catch (RuntimeException e) {
            DirectoryException failure = GraphFailures.map(e);
            if (failure == null) {
                throw e;
            }
            throw failure;
        }
    }

    private static void run(Runnable graphCall) {
        call(() -> {
            graphCall.run();
            return null;
        });
    }

    private Optional<DirectoryObject> firstUser(String tenantId, String filter) {
        var users = call(() -> graph(tenantId).users().get(request -> {
            request.queryParameters.filter = filter;
            request.queryParameters.select = USER_FIELDS;
        }));
        return values(users.getValue()).stream().findFirst();
    }

    private List<Application> applications(String tenantId, String filter) {
        var applications = call(() -> graph(tenantId).applications().get(request -> {
            request.queryParameters.filter = filter;
            request.queryParameters.select = APPLICATION_FIELDS;
        }));
        return applications.getValue() == null ? List.of()
                : applications.getValue().stream().map(GraphDirectory::toApplication).toList();
    }

    private static void eventual(com.microsoft.kiota.RequestHeaders headers) {
        headers.add("ConsistencyLevel", "eventual");
    }

    private static PasswordProfile temporaryPassword(String password) {
        PasswordProfile profile = new PasswordProfile();
        profile.setPassword(password);
        profile.setForceChangePasswordNextSignIn(true);
        return profile;
    }

    private static com.microsoft.graph.models.Invitation invitation(String email, String redirectUrl) {
        var body = new com.microsoft.graph.models.Invitation();
        body.setInvitedUserEmailAddress(email);
        body.setInviteRedirectUrl(redirectUrl);
        body.setSendInvitationMessage(true);
        return body;
    }

    private static Invitation toInvitation(com.microsoft.graph.models.Invitation invitation) {
        return new Invitation(invitation.getInvitedUser() == null ? null : invitation.getInvitedUser().getId(),
                invitation.getStatus());
    }

    private static WebApplication web(String replyUrl) {
        WebApplication web = new WebApplication();
        web.setRedirectUris(List.of(replyUrl));
        return web;
    }

    private static Application toApplication(com.microsoft.graph.models.Application application) {
        List<String> replyUrls = application.getWeb() == null ? null : application.getWeb().getRedirectUris();
        List<String> appIdUris = application.getIdentifierUris();
        return new Application(application.getId(), application.getAppId(), application.getDisplayName(),
                replyUrls == null || replyUrls.isEmpty() ? null : replyUrls.get(0),
                appIdUris == null || appIdUris.isEmpty() ? null : appIdUris.get(0));
    }

    private static List<DirectoryObject> values(List<? extends com.microsoft.graph.models.DirectoryObject> objects) {
        return objects == null ? List.of()
                : objects.stream().map(GraphDirectory::toDirectoryObject).filter(Objects::nonNull).toList();
    }

    /** Graph's object by its {@code @odata.type}; null for kinds Gatehouse does not deal in. */
    private static DirectoryObject toDirectoryObject(com.microsoft.graph.models.DirectoryObject object) {
        if (object instanceof User user) {
            return DirectoryObject.user(user.getId(), user.getDisplayName(), user.getGivenName(), user.getSurname(),
                    user.getUserPrincipalName(), user.getMail());
        }
        if (object instanceof Group group) {
            return DirectoryObject.group(group.getId(), group.getDisplayName());
        }
        if (object instanceof com.microsoft.graph.models.Application application) {
            return DirectoryObject.application(application.getId(), application.getDisplayName(),
                    application.getAppId());
        }
        return null;
    }

    /** A {@code $search} clause: the term in double quotes, with {@code "} and {@code \} escaped. */
    private static String searchTerm(String property, String term) {
        return "\"" + property + ":" + term.strip().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** An OData string literal: single quotes doubled. */
    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
