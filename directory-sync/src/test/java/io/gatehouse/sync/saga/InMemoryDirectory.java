package io.gatehouse.sync.saga;

import io.gatehouse.membership.MemberType;
import io.gatehouse.directory.Application;
import io.gatehouse.directory.ApplicationKey;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryException.Reason;
import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.directory.Invitation;
import io.gatehouse.directory.NewUser;
import io.gatehouse.directory.UserChanges;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A tenant's directory kept in maps, for saga tests. It remembers what was asked of it (every call, by method
 * name), and can be told to fail: throttled (429 with Retry-After), unavailable (503) or conflicting, for the
 * next N calls of any method or of one method, or to time out after a creation that did succeed.
 */
final class InMemoryDirectory implements Directory {

    static final String CONFLICT_CODE = "Request_BadRequest";
    static final String DUPLICATE_UPN = "Another object with the same value for property userPrincipalName already exists.";
    static final String UNAVAILABLE_MESSAGE = "Service Unavailable";
    static final String THROTTLED_MESSAGE = "Too Many Requests";
    static final String DUPLICATE_IDENTIFIER_URI =
            "Another object with the same value for property identifierUris already exists.";
    /** When the directory makes keys: their {@code createdAt}, and two years later their default expiry. */
    static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    static final Duration DEFAULT_KEY_LIFETIME = Duration.ofDays(730);

    /** A user as the directory keeps it, password included (the test may look at it; Graph never shows it). */
    static final class User {
        final String tenantId;
        final String id;
        String givenName;
        String surname;
        String displayName;
        String userPrincipalName;
        final String mailNickname;
        final String mail;
        String password;
        final String externalUserState;

        User(String tenantId, String id, String givenName, String surname, String displayName,
             String userPrincipalName, String mailNickname, String mail, String password, String externalUserState) {
            this.tenantId = tenantId;
            this.id = id;
            this.givenName = givenName;
            this.surname = surname;
            this.displayName = displayName;
            this.userPrincipalName = userPrincipalName;
            this.mailNickname = mailNickname;
            this.mail = mail;
            this.password = password;
            this.externalUserState = externalUserState;
        }

        DirectoryObject object() {
            return DirectoryObject.user(id, displayName, givenName, surname, userPrincipalName, mail);
        }

        boolean guest() {
            return externalUserState != null;
        }
    }

    /** A key (password credential) of an application, secret included, as the directory keeps it. */
    record Key(String keyId, String secretText, String hint, String displayName, Instant createdAt,
               Instant expiresAt) {
    }

    /** An invitation the directory sent (first or again). */
    record SentInvitation(String tenantId, String guestUserId, String email, String redirectUrl) {
    }

    private record Failure(String method, Supplier<DirectoryException> exception, int[] remaining) {
        boolean appliesTo(String called) {
            return remaining[0] > 0 && (method == null || method.equals(called));
        }
    }

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, DirectoryObject> groups = new LinkedHashMap<>();
    private final Map<String, String> groupMailNicknames = new LinkedHashMap<>();
    private final Map<String, Set<String>> groupMembers = new LinkedHashMap<>();
    private final Set<String> globalAdministrators = new LinkedHashSet<>();
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private final Map<String, String> applicationTags = new LinkedHashMap<>();
    private final Set<String> landLateNextCallOf = new LinkedHashSet<>();
    private final List<Runnable> lateWrites = new ArrayList<>();
    private final List<String> servicePrincipals = new ArrayList<>();
    private final Map<String, Map<String, Key>> keys = new LinkedHashMap<>();
    private final Set<String> timeOutAfterNextCallOf = new LinkedHashSet<>();
    private final List<SentInvitation> invitations = new ArrayList<>();
    private final List<SentInvitation> resentInvitations = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private boolean timeOutAfterNextCreate;
    private int userIds;
    private int guestIds;
    private int groupIds;
    private int applicationIds;
    private int keyIds;

    // --- telling the directory to fail ----------------------------------------------------------------------

    /** The next {@code calls} calls, whatever they are, answer 429 with this Retry-After. */
    InMemoryDirectory throttleNextCalls(int calls, Duration retryAfter) {
        return failNextCalls(null, calls, () -> new DirectoryException(Reason.THROTTLED, "TooManyRequests",
                THROTTLED_MESSAGE, retryAfter, null));
    }

    /** The next {@code calls} calls, whatever they are, answer 503. */
    InMemoryDirectory beUnavailableForNextCalls(int calls) {
        return failNextCalls(null, calls, () -> new DirectoryException(Reason.UNAVAILABLE, "ServiceUnavailable",
                UNAVAILABLE_MESSAGE, null, null));
    }

    /** The next {@code calls} calls of {@code method} answer 429 with this Retry-After. */
    InMemoryDirectory throttleNext(String method, int calls, Duration retryAfter) {
        return failNextCalls(method, calls, () -> new DirectoryException(Reason.THROTTLED, "TooManyRequests",
                THROTTLED_MESSAGE, retryAfter, null));
    }

    /** The next {@code calls} calls of {@code method} answer 503. */
    InMemoryDirectory beUnavailableForNext(String method, int calls) {
        return failNextCalls(method, calls, () -> new DirectoryException(Reason.UNAVAILABLE, "ServiceUnavailable",
                UNAVAILABLE_MESSAGE, null, null));
    }

    /** The next call of {@code method} is refused as a conflict, with the directory's code and message. */
    InMemoryDirectory conflictOnNext(String method, String code, String message) {
        return failNextCalls(method, 1, () -> new DirectoryException(Reason.CONFLICT, code, message));
    }

    /** The next {@code calls} calls of {@code method} (of any method when null) throw what {@code exception} makes. */
    InMemoryDirectory failNextCalls(String method, int calls, Supplier<DirectoryException> exception) {
        failures.add(new Failure(method, exception, new int[]{calls}));
        return this;
    }

    /** The next creation of a user succeeds in the directory, but the answer never arrives: a timeout. */
    InMemoryDirectory timeOutAfterNextCreate() {
        timeOutAfterNextCreate = true;
        return this;
    }

    /**
     * The next call of {@code method} (createGroup, createApplication, addKey) does what it was asked in the
     * directory, but the answer never arrives: a timeout.
     */
    InMemoryDirectory timeOutAfterNextCallOf(String method) {
        timeOutAfterNextCallOf.add(method);
        return this;
    }

    /**
     * The next call of {@code method} (createUser, createGroup, createApplication, addKey, invite) times out
     * without doing anything yet; what it asked for is done by {@link #landLateWrites()}, e.g. after the retry
     * looked for it.
     */
    InMemoryDirectory landLateNextCallOf(String method) {
        landLateNextCallOf.add(method);
        return this;
    }

    /** Does what calls told to land late asked for, in order; a write the directory refuses now is dropped. */
    void landLateWrites() {
        List<Runnable> due = List.copyOf(lateWrites);
        lateWrites.clear();
        for (Runnable write : due) {
            try {
                write.run();
            } catch (DirectoryException refused) {
                // as Graph: the late write failed on its own, nobody hears of it
            }
        }
    }

    private boolean landsLate(String method, Runnable write) {
        if (!landLateNextCallOf.remove(method)) {
            return false;
        }
        lateWrites.add(write);
        throw new DirectoryException(Reason.UNAVAILABLE, "Timeout", "The directory did not answer in time.",
                null, null);
    }

    private void timeOutIfTold(String method) {
        if (timeOutAfterNextCallOf.remove(method)) {
            throw new DirectoryException(Reason.UNAVAILABLE, "Timeout", "The directory did not answer in time.",
                    null, null);
        }
    }

    // --- setting the directory up and looking into it -------------------------------------------------------

    User addUser(String tenantId, String id, String givenName, String surname, String userPrincipalName,
                 String password) {
        User user = new User(tenantId, id, givenName, surname, givenName + " " + surname, userPrincipalName,
                userPrincipalName.substring(0, userPrincipalName.indexOf('@')), null, password, null);
        users.put(id, user);
        return user;
    }

    User addGuest(String tenantId, String id, String email) {
        User guest = new User(tenantId, id, null, null, email, email.replace('@', '_') + "#EXT#@" + tenantId,
                null, email, null, "PendingAcceptance");
        users.put(id, guest);
        return guest;
    }

    String addGroup(String tenantId, String displayName) {
        return addGroup(tenantId, displayName, displayName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
    }

    String addGroup(String tenantId, String displayName, String mailNickname) {
        String id = "group-" + (++groupIds);
        groups.put(id, DirectoryObject.group(id, displayName));
        groupMailNicknames.put(id, mailNickname);
        groupMembers.put(id, new LinkedHashSet<>());
        return id;
    }

    /** An application somebody made in the directory, outside Gatehouse. */
    Application addApplication(String tenantId, String displayName, String replyUrl, String appIdUri) {
        int n = ++applicationIds;
        Application application = new Application("app-object-" + n, "app-id-" + n, displayName, replyUrl, appIdUri);
        applications.put(application.objectId(), application);
        return application;
    }

    /** A key the application has already, made outside Gatehouse. */
    Key addKeyTo(String applicationObjectId, String keyId) {
        Key key = new Key(keyId, "secret-of-" + keyId, "sec", "made elsewhere", NOW.minus(Duration.ofDays(1)),
                NOW.plus(DEFAULT_KEY_LIFETIME));
        keys.computeIfAbsent(applicationObjectId, id -> new LinkedHashMap<>()).put(keyId, key);
        return key;
    }

    Optional<Application> application(String objectId) {
        return Optional.ofNullable(applications.get(objectId));
    }

    List<Application> applications() {
        return List.copyOf(applications.values());
    }

    /** The appIds whose service principal was asked for, in order (repeats included). */
    List<String> servicePrincipals() {
        return List.copyOf(servicePrincipals);
    }

    /** The application's keys by key id, in the order they were made. */
    Map<String, Key> keysOf(String applicationObjectId) {
        return Map.copyOf(keys.getOrDefault(applicationObjectId, Map.of()));
    }

    List<Key> keyListOf(String applicationObjectId) {
        return List.copyOf(keys.getOrDefault(applicationObjectId, Map.of()).values());
    }

    Optional<DirectoryObject> group(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    String mailNicknameOf(String groupId) {
        return groupMailNicknames.get(groupId);
    }

    Optional<User> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    List<User> users() {
        return List.copyOf(users.values());
    }

    Set<String> membersOf(String groupId) {
        return Set.copyOf(groupMembers.getOrDefault(groupId, Set.of()));
    }

    Set<String> globalAdministrators() {
        return Set.copyOf(globalAdministrators);
    }

    List<SentInvitation> invitations() {
        return List.copyOf(invitations);
    }

    List<SentInvitation> resentInvitations() {
        return List.copyOf(resentInvitations);
    }

    /** Every call that reached the directory, by method name, in order (failed ones included). */
    List<String> calls() {
        return List.copyOf(calls);
    }

    long callsOf(String method) {
        return calls.stream().filter(method::equals).count();
    }

    // --- the port ---------------------------------------------------------------------------------------------

    @Override
    public Map<String, DirectoryObject> findAll(String tenantId, MemberType type, Collection<String> ids) {
        enter("findAll");
        Map<String, DirectoryObject> found = new LinkedHashMap<>();
        for (String id : ids) {
            DirectoryObject object = switch (type) {
                case USER -> users.containsKey(id) && users.get(id).tenantId.equals(tenantId)
                        ? users.get(id).object() : null;
                case GROUP -> groups.get(id);
                case APPLICATION -> applications.values().stream().filter(a -> a.objectId().equals(id)).findFirst()
                        .map(a -> DirectoryObject.application(a.objectId(), a.displayName(), a.appId())).orElse(null);
            };
            if (object != null) {
                found.put(id, object);
            }
        }
        return found;
    }

    @Override
    public List<DirectoryObject> search(String tenantId, MemberType type, String search, int limit) {
        enter("search");
        String needle = search == null ? "" : search.toLowerCase(Locale.ROOT);
        Collection<DirectoryObject> all = type == MemberType.GROUP ? groups.values()
                : users.values().stream().filter(u -> u.tenantId.equals(tenantId)).map(User::object).toList();
        return all.stream().filter(o -> o.displayName() != null
                && o.displayName().toLowerCase(Locale.ROOT).contains(needle)).limit(limit).toList();
    }

    @Override
    public boolean directoryIntegration(String tenantId) {
        enter("directoryIntegration");
        return false;
    }

    @Override
    public Optional<DirectoryObject> findUserByPrincipalName(String tenantId, String userPrincipalName) {
        enter("findUserByPrincipalName");
        return users.values().stream().filter(u -> u.tenantId.equals(tenantId)
                        && u.userPrincipalName.equalsIgnoreCase(userPrincipalName))
                .findFirst().map(User::object);
    }

    @Override
    public DirectoryObject createUser(String tenantId, NewUser user) {
        enter("createUser");
        landsLate("createUser", () -> makeUser(tenantId, user));
        User created = makeUser(tenantId, user);
        if (timeOutAfterNextCreate) {
            timeOutAfterNextCreate = false;
            throw new DirectoryException(Reason.UNAVAILABLE, "Timeout", "The directory did not answer in time.",
                    null, null);
        }
        return created.object();
    }

    private User makeUser(String tenantId, NewUser user) {
        boolean taken = users.values().stream().anyMatch(u -> u.tenantId.equals(tenantId)
                && u.userPrincipalName.equalsIgnoreCase(user.userPrincipalName()));
        if (taken) {
            throw new DirectoryException(Reason.CONFLICT, CONFLICT_CODE, DUPLICATE_UPN);
        }
        String id = "user-" + (++userIds);
        User created = new User(tenantId, id, user.givenName(), user.surname(), user.displayName(),
                user.userPrincipalName(), user.mailNickname(), null, user.temporaryPassword(), null);
        users.put(id, created);
        return created;
    }

    @Override
    public void updateUser(String tenantId, String userId, UserChanges changes) {
        enter("updateUser");
        User user = requireUser(tenantId, userId);
        if (changes.userPrincipalName() != null && users.values().stream().anyMatch(u -> !u.id.equals(userId)
                && u.userPrincipalName.equalsIgnoreCase(changes.userPrincipalName()))) {
            throw new DirectoryException(Reason.CONFLICT, CONFLICT_CODE, DUPLICATE_UPN);
        }
        if (changes.givenName() != null) user.givenName = changes.givenName();
        if (changes.surname() != null) user.surname = changes.surname();
        if (changes.displayName() != null) user.displayName = changes.displayName();
        if (changes.userPrincipalName() != null) user.userPrincipalName = changes.userPrincipalName();
    }

    @Override
    public void resetPassword(String tenantId, String userId, String temporaryPassword) {
        enter("resetPassword");
        requireUser(tenantId, userId).password = temporaryPassword;
    }

    @Override
    public void assignGlobalAdministrator(String tenantId, String userId) {
        enter("assignGlobalAdministrator");
        requireUser(tenantId, userId);
        globalAdministrators.add(userId);
    }

    @Override
    public Optional<DirectoryObject> findGuestByEmail(String tenantId, String email) {
        enter("findGuestByEmail");
        return users.values().stream().filter(u -> u.tenantId.equals(tenantId) && u.guest()
                && u.mail.equalsIgnoreCase(email)).findFirst().map(User::object);
    }

    @Override
    public Invitation invite(String tenantId, String email, String redirectUrl) {
        enter("invite");
        landsLate("invite", () -> makeInvitation(tenantId, email, redirectUrl));
        return makeInvitation(tenantId, email, redirectUrl);
    }

    /** As Graph: an address that has a guest already gets the same guest, and another e-mail. */
    private Invitation makeInvitation(String tenantId, String email, String redirectUrl) {
        User guest = users.values().stream().filter(u -> u.tenantId.equals(tenantId) && u.guest()
                && u.mail.equalsIgnoreCase(email)).findFirst().orElse(null);
        if (guest == null) {
            guest = addGuest(tenantId, "guest-" + (++guestIds), email);
        }
        invitations.add(new SentInvitation(tenantId, guest.id, email, redirectUrl));
        return new Invitation(guest.id, "PendingAcceptance");
    }

    @Override
    public Invitation resendInvitation(String tenantId, String guestUserId, String email, String redirectUrl) {
        enter("resendInvitation");
        requireUser(tenantId, guestUserId);
        resentInvitations.add(new SentInvitation(tenantId, guestUserId, email, redirectUrl));
        return new Invitation(guestUserId, "PendingAcceptance");
    }

    @Override
    public String externalUserState(String tenantId, String userId) {
        enter("externalUserState");
        return requireUser(tenantId, userId).externalUserState;
    }

    @Override
    public Optional<DirectoryObject> findGroupByMailNickname(String tenantId, String mailNickname) {
        enter("findGroupByMailNickname");
        return groupMailNicknames.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(mailNickname))
                .findFirst().map(e -> groups.get(e.getKey()));
    }

    @Override
    public List<DirectoryObject> findGroupsByMailNickname(String tenantId, String mailNickname) {
        enter("findGroupsByMailNickname");
        return groupMailNicknames.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(mailNickname))
                .map(e -> groups.get(e.getKey())).toList();
    }

    @Override
    public void deleteGroup(String tenantId, String groupId) {
        enter("deleteGroup");
        groups.remove(groupId);
        groupMailNicknames.remove(groupId);
        groupMembers.remove(groupId);
    }

    /** The groups with this mailNickname, oldest first. */
    List<String> groupsNamed(String mailNickname) {
        return groupMailNicknames.entrySet().stream().filter(e -> e.getValue().equals(mailNickname))
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public DirectoryObject createGroup(String tenantId, String displayName, String mailNickname) {
        enter("createGroup");
        landsLate("createGroup", () -> addGroup(tenantId, displayName, mailNickname));
        DirectoryObject group = groups.get(addGroup(tenantId, displayName, mailNickname));
        timeOutIfTold("createGroup");
        return group;
    }

    @Override
    public void renameGroup(String tenantId, String groupId, String displayName) {
        enter("renameGroup");
        requireGroup(groupId);
        groups.put(groupId, DirectoryObject.group(groupId, displayName));
    }

    @Override
    public void addGroupMember(String tenantId, String groupId, String memberObjectId) {
        enter("addGroupMember");
        requireGroup(groupId);
        groupMembers.get(groupId).add(memberObjectId);
    }

    @Override
    public void removeGroupMember(String tenantId, String groupId, String memberObjectId) {
        enter("removeGroupMember");
        requireGroup(groupId);
        groupMembers.get(groupId).remove(memberObjectId);
    }

    @Override
    public List<String> groupsOf(String tenantId, String userId) {
        enter("groupsOf");
        return groupMembers.entrySet().stream().filter(e -> e.getValue().contains(userId)).map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public Optional<Application> findApplicationByIdentifierUri(String tenantId, String appIdUri) {
        enter("findApplicationByIdentifierUri");
        return applications.values().stream().filter(a -> Objects.equals(a.appIdUri(), appIdUri)).findFirst();
    }

    @Override
    public List<Application> applicationsUsing(String tenantId, String replyUrl, String appIdUri) {
        enter("applicationsUsing");
        return applications.values().stream().filter(a -> Objects.equals(a.replyUrl(), replyUrl)
                || Objects.equals(a.appIdUri(), appIdUri)).toList();
    }

    @Override
    public List<Application> findApplicationsByTag(String tenantId, String tag) {
        enter("findApplicationsByTag");
        return applications.values().stream().filter(a -> tag.equals(applicationTags.get(a.objectId()))).toList();
    }

    /** The tag an application was made with; null for none. */
    String tagOf(String applicationObjectId) {
        return applicationTags.get(applicationObjectId);
    }

    @Override
    public Application createApplication(String tenantId, String displayName, String replyUrl, String appIdUri,
                                         String tag) {
        enter("createApplication");
        landsLate("createApplication", () -> makeApplication(tenantId, displayName, replyUrl, appIdUri, tag));
        Application application = makeApplication(tenantId, displayName, replyUrl, appIdUri, tag);
        timeOutIfTold("createApplication");
        return application;
    }

    private Application makeApplication(String tenantId, String displayName, String replyUrl, String appIdUri,
                                        String tag) {
        if (appIdUri != null && applications.values().stream().anyMatch(a -> appIdUri.equals(a.appIdUri()))) {
            throw new DirectoryException(Reason.CONFLICT, CONFLICT_CODE, DUPLICATE_IDENTIFIER_URI);
        }
        Application application = addApplication(tenantId, displayName, replyUrl, appIdUri);
        if (tag != null) {
            applicationTags.put(application.objectId(), tag);
        }
        return application;
    }

    @Override
    public void deleteApplication(String tenantId, String applicationObjectId) {
        enter("deleteApplication");
        applications.remove(applicationObjectId);
        applicationTags.remove(applicationObjectId);
        keys.remove(applicationObjectId);
    }

    @Override
    public void updateApplication(String tenantId, String applicationObjectId, String replyUrl, String appIdUri) {
        enter("updateApplication");
        Application old = applications.get(applicationObjectId);
        if (old == null) {
            throw notFound(applicationObjectId);
        }
        if (appIdUri != null && applications.values().stream()
                .anyMatch(a -> !a.objectId().equals(applicationObjectId) && appIdUri.equals(a.appIdUri()))) {
            throw new DirectoryException(Reason.CONFLICT, CONFLICT_CODE, DUPLICATE_IDENTIFIER_URI);
        }
        // as Graph's PATCH: what is not sent stays as it is
        applications.put(applicationObjectId, new Application(old.objectId(), old.appId(), old.displayName(),
                replyUrl != null ? replyUrl : old.replyUrl(), appIdUri != null ? appIdUri : old.appIdUri()));
    }

    @Override
    public void ensureServicePrincipal(String tenantId, String appId) {
        enter("ensureServicePrincipal");
        servicePrincipals.add(appId);
    }

    @Override
    public ApplicationKey addKey(String tenantId, String applicationObjectId, String displayName, Instant expiresAt) {
        enter("addKey");
        if (!applications.containsKey(applicationObjectId)) {
            throw notFound(applicationObjectId);
        }
        landsLate("addKey", () -> makeKey(applicationObjectId, displayName, expiresAt));
        Key key = makeKey(applicationObjectId, displayName, expiresAt);
        timeOutIfTold("addKey");
        return new ApplicationKey(key.keyId(), key.secretText(), key.hint(), key.createdAt(), key.expiresAt());
    }

    private Key makeKey(String applicationObjectId, String displayName, Instant expiresAt) {
        int n = ++keyIds;
        Key key = new Key("key-" + n, "Kx" + n + "Q~secret-text-of-key-" + n, "Kx" + n, displayName, NOW,
                expiresAt != null ? expiresAt : NOW.plus(DEFAULT_KEY_LIFETIME));
        keys.computeIfAbsent(applicationObjectId, id -> new LinkedHashMap<>()).put(key.keyId(), key);
        return key;
    }

    @Override
    public java.util.Optional<io.gatehouse.directory.ApplicationDetails> application(String tenantId,
                                                                                     String applicationObjectId) {
        throw new UnsupportedOperationException("the saga never reads an application back");
    }

    @Override
    public List<ApplicationKey> findKeysByDisplayName(String tenantId, String applicationObjectId, String displayName) {
        enter("findKeysByDisplayName");
        if (!applications.containsKey(applicationObjectId)) {
            throw notFound(applicationObjectId);
        }
        return keys.getOrDefault(applicationObjectId, Map.of()).values().stream()
                .filter(key -> displayName.equals(key.displayName()))
                .map(key -> new ApplicationKey(key.keyId(), null, key.hint(), key.createdAt(), key.expiresAt()))
                .toList();
    }

    @Override
    public void removeKey(String tenantId, String applicationObjectId, String keyId) {
        enter("removeKey");
        if (!applications.containsKey(applicationObjectId)) {
            throw notFound(applicationObjectId);
        }
        Map<String, Key> ofApplication = keys.getOrDefault(applicationObjectId, new LinkedHashMap<>());
        if (ofApplication.remove(keyId) == null) {
            throw new DirectoryException(Reason.NOT_FOUND, "Request_ResourceNotFound",
                    "No password credential found with keyId " + keyId + ".");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void enter(String method) {
        calls.add(method);
        for (Failure failure : failures) {
            if (failure.appliesTo(method)) {
                failure.remaining()[0]--;
                throw failure.exception().get();
            }
        }
    }

    private User requireUser(String tenantId, String userId) {
        User user = users.get(userId);
        if (user == null || !user.tenantId.equals(tenantId)) {
            throw notFound(userId);
        }
        return user;
    }

    private void requireGroup(String groupId) {
        if (!groups.containsKey(groupId)) {
            throw notFound(groupId);
        }
    }

    private static DirectoryException notFound(String id) {
        return new DirectoryException(Reason.NOT_FOUND, "Request_ResourceNotFound",
                "Resource '" + id + "' does not exist or one of its queried reference-property objects are not present.");
    }
}
