package io.gatehouse.command.directory;

import java.util.UUID;
import io.gatehouse.membership.MemberType;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.directory.local.LocalDirectory;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.Ids;
import io.gatehouse.platform.web.BodyErrors;
import io.gatehouse.messaging.Rejection.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Picking existing objects of the caller's tenant, to add them as members. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/directory")
@Tag(name = "Directory")
public class DirectoryController {

    private static final int MAX_RESULTS = 100;

    private final Directory directory;
    private final AccessPolicy policy;
    private final ObjectProvider<LocalDirectory> localDirectory;

    public DirectoryController(Directory directory, AccessPolicy commandAccessPolicy,
                               ObjectProvider<LocalDirectory> localDirectory) {
        this.directory = directory;
        this.policy = commandAccessPolicy;
        this.localDirectory = localDirectory;
    }

    @GetMapping("/{kind:users|groups|applications}")
    @Operation(summary = "List or search the caller's tenant's users, groups or applications")
    public DirectoryRecords.DirectoryItems search(Caller caller, @PathVariable UUID accountId, @PathVariable String kind,
                                      @RequestParam(required = false) String search) {
        policy.requireManager(caller, accountId.toString(), caller.tenantId());
        MemberType type = typeOf(kind);
        return new DirectoryRecords.DirectoryItems(directory.search(caller.tenantId(), type, search, MAX_RESULTS)
                .stream().map(DirectoryRecords.DirectoryItem::of).toList());
    }

    /**
     * Local directory only: puts a user, group or application into the caller's tenant, so that a first try can
     * add members without an Azure AD tenant. With {@code gatehouse.directory.mode=graph} the directory is
     * Azure AD's and this answers 404.
     */
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/{kind:users|groups|applications}")
    @Operation(summary = "Local directory only: add an object to the caller's tenant for a first try")
    public ResponseEntity<DirectoryRecords.DirectoryItem> put(Caller caller, @PathVariable UUID accountId,
                                                              @PathVariable String kind,
                                                              @Valid @RequestBody DirectoryRecords.NewDirectoryObject body) {
        LocalDirectory local = localDirectory.getIfAvailable();
        if (local == null) {
            throw Rejection.notFound("The directory is Azure AD's: add objects there.");
        }
        MemberType type = typeOf(kind);
        boolean user = type == MemberType.USER;
        if (user && (body.userPrincipalName() == null || body.userPrincipalName().isEmpty())) {
            throw BodyErrors.invalid(List.of(new FieldError("userPrincipalName", "is required")));
        }
        String displayName = body.displayName();
        String givenName = user ? body.givenName() : null;
        String surname = user ? body.surname() : null;
        String upn = user ? body.userPrincipalName() : null;
        String mail = user ? body.mail() : null;
        policy.requireManager(caller, accountId.toString(), caller.tenantId());
        String id = Ids.newId();
        DirectoryObject object = switch (type) {
            case USER -> DirectoryObject.user(id, displayName, givenName, surname, upn, mail != null ? mail : upn);
            case GROUP -> DirectoryObject.group(id, displayName);
            case APPLICATION -> DirectoryObject.application(id, displayName, Ids.newId());
        };
        local.put(caller.tenantId(), object);
        return ResponseEntity.status(HttpStatus.CREATED).body(DirectoryRecords.DirectoryItem.of(object));
    }

    private static MemberType typeOf(String kind) {
        return MemberType.fromApiName(kind.substring(0, kind.length() - 1));
    }
}
