package dev.assetgate.error;

/**
 * Every error the API can answer with. The enum name is the wire {@code code}; each carries its HTTP
 * status and a default hint, so one renderer turns any of them into the error envelope.
 */
public enum ApiError {
    UNAUTHORIZED(401, "Send a valid key in the X-Filerobot-Key header."),
    KEY_EXPIRED(401, "The key has expired: obtain a new one."),
    SESSION_EXPIRED(401, "The console session ended (signed out, idle or too old, or its key changed): sign in again."),
    CSRF_TOKEN_INVALID(403, "Send the session's csrf_token (POST/GET /admin/v1/session) in the X-CSRF-Token header."),
    PERMISSION_DENIED(403, "Use a key that holds the permission named in the message."),
    PROJECT_NOT_ALLOWED(403, "This key is not valid for this project."),
    PROJECT_NOT_FOUND(404, "Check the project token in the URL."),
    FILE_NOT_FOUND(404, "Check the file uuid."),
    VERSION_NOT_FOUND(404, "Check the version uuid (GET file/{uuid}/versions lists a file's versions); a restored or expired version is gone."),
    FOLDER_NOT_FOUND(404, "Check the folder path or uuid; create it first if needed."),
    KEY_NOT_FOUND(404, "Check the key id."),
    LABEL_NOT_FOUND(404, "Check the label uuid or sid (GET labels lists them)."),
    COLLECTION_NOT_FOUND(404, "Check the collection uuid (GET collections lists them)."),
    NOT_FOUND(404, "Check the URL against the API reference."),
    SHARE_NOT_FOUND(404, "Check the share id; a share that expired, is not active yet or is used up is not found either."),
    SHARE_PASSWORD_REQUIRED(401, "This share is protected: send its password in the X-Share-Password header."),
    SHARE_PASSWORD_INVALID(401, "Check the password and try again."),
    AIRBOX_NOT_FOUND(404, "Check the Airbox link (its puid) and the project token."),
    AIRBOX_PASSWORD_REQUIRED(401, "This Airbox is protected: unlock it with POST /{token}/airbox/{puid}/unlock and send the access token in X-Airbox-Access."),
    AIRBOX_PASSWORD_INVALID(401, "Check the password and try again."),
    AIRBOX_CLOSED(403, "The Airbox does not take uploads now (deactivated, not open yet, or ended): ask its owner."),
    AIRBOX_FULL(403, "The Airbox has received the most files or bytes its owner allowed: ask its owner."),
    META_REQUIRED(400, "Fill in every required field of the Airbox's form (the message names it)."),
    SHARE_DOWNLOAD_DISABLED(403, "The owner of this share turned downloads off."),
    ARCHIVE_NOT_FOUND(404, "Check the archive's task_id; an archive is read only with the key (or share) that asked for it, until it expires."),
    ARCHIVE_NOT_READY(409, "Poll GET file-archive/{task_id}?status_only=1 until task_status is DONE; a FAILED or CANCELLED archive never is: ask for a new one."),
    ARCHIVE_TOO_LARGE(413, "Select fewer or smaller files: an archive holds at most archive-max-files files and archive-max-bytes bytes."),
    UPLOAD_NOT_FOUND(404, "Check the upload URL: a resumable upload is continued only with a key of the one that created it, until it expires (Upload-Expires) or is terminated; create a new one."),
    UPLOAD_OFFSET_MISMATCH(409, "HEAD the upload and send the bytes from the Upload-Offset it answers."),
    TUS_VERSION_UNSUPPORTED(412, "Send Tus-Resumable: 1.0.0 (the only tus version this server speaks)."),
    METHOD_NOT_ALLOWED(405, "Check the HTTP method against the API reference."),
    NAME_CONFLICT(409, "Choose another name, or delete or move the existing item first."),
    EDIT_CONFLICT(409, "A file of the edit changed meanwhile: nothing was applied; prepare the edit again (or retry the import)."),
    PROJECT_EXISTS(409, "Choose another project token."),
    FILE_TOO_BIG(413, "Send a smaller body."),
    LENGTH_REQUIRED(411, "This key has a byte quota: upload with a declared size (a Content-Length, or a multipart or base64 body)."),
    BAD_REQUEST(400, "The HTTP request is malformed (request line, headers or encoding): check the client."),
    URI_TOO_LONG(414, "Shorten the URL: send long lists in a JSON body instead of the query string."),
    HEADERS_TOO_LARGE(431, "Send fewer or smaller headers (large cookies are a common cause)."),
    INVALID_JSON(400, "Send a well-formed JSON body with Content-Type: application/json."),
    INVALID_PARAMETER(400, "Fix the named field or parameter."),
    INVALID_PATH(400, "Use absolute paths like /folder/sub; '.', '..', '\\', '%' and control characters are not allowed."),
    ERR_UNPROCESSABLE_ENTITY(422, "Check the upload body: multipart with a file part, JSON base64, JSON files_urls or a PUT stream."),
    UPLOAD_URL_REFUSED(422, "The URL must be http(s), resolve to a public address, and answer within the limits."),
    UNSUPPORTED_MEDIA_TYPE(415, "Send application/json, multipart/form-data or application/octet-stream as documented."),
    RANGE_NOT_SATISFIABLE(416, "Ask for a byte range inside the file."),
    IMAGE_TOO_LARGE(422, "The image has more pixels than the server transforms: ask for the original (no transformation parameters)."),
    IMAGE_UNREADABLE(422, "The file's bytes are no image this server reads: ask for the original (no transformation parameters)."),
    TRANSFORMATION_NOT_ALLOWED(403, "The project allows only its presets and allowed sizes on url.cdn: ask for one of them (GET .../settings/images) or for the original."),
    IP_NOT_ALLOWED(403, "The request's source IP is outside the key's allowed ranges."),
    COUNTRY_NOT_ALLOWED(403, "The request's source country is outside the key's allowed countries."),
    FOLDER_NOT_ALLOWED(403, "The folder is outside the key's scope."),
    SECURITY_TEMPLATE_NOT_FOUND(404, "Check the security template id (SECU_...) and the project token."),
    TEMPLATE_INACTIVE(403, "The security template is deactivated."),
    KEY_NOT_YET_VALID(403, "The security template's keys are valid from its key_validity.starts_at: retry then."),
    ORIGIN_NOT_ALLOWED(403, "The page's origin (Origin, else Referer) is not in the key's restrictions.allowed_origins."),
    HTTPS_REQUIRED(403, "This key is used over HTTPS only (restrictions.https_only): call the https:// address."),
    FILE_TYPE_NOT_ALLOWED(415, "The file's content is not a type this key may upload (upload.allowed_types, decided from its bytes)."),
    IMAGE_DIMENSIONS_NOT_ALLOWED(413, "Send a smaller image: the key caps its pixels or sides (the hint names the rule)."),
    APPROVAL_NOT_FOUND(404, "Check the approval uuid; a key sees only requests whose files are all inside its scope."),
    APPROVAL_CLOSED(409, "The approval request is already decided or cancelled: create a new request."),
    ALREADY_VOTED(409, "Each approver votes once; cancel the request and create a new one to decide again."),
    NOT_AN_APPROVER(403, "Vote for one of the approvers the request names (GET the request to see them)."),
    UPLOAD_POLICY_INVALID(401, "The upload policy was altered, is for another project, or its signing key no longer may upload there: ask the backend for a new one."),
    UPLOAD_POLICY_EXPIRED(401, "The upload policy has expired: ask the backend for a new one."),
    UPLOAD_POLICY_USED(409, "An upload policy admits exactly one upload, and this one was used (or is in use): ask the backend for a new one."),
    FILE_TOO_SMALL(400, "Send a larger file: the upload policy sets a least size (min_bytes)."),
    SIGNATURE_INVALID(403, "The signed URL was altered, is for another file, or is malformed: ask the API for a new one."),
    SIGNATURE_EXPIRED(401, "The signed URL has expired: ask the API for a new one."),
    WEBHOOK_NOT_FOUND(404, "Check the webhook uuid and the project token (GET .../webhooks lists them)."),
    WEBHOOK_DELIVERY_NOT_FOUND(404, "Check the delivery id (GET .../webhooks/{uuid}/deliveries lists them)."),
    WEBHOOK_URL_REFUSED(422, "The URL must be http(s), carry no credentials and resolve to a public address (an operator can allow ranges with ASSETGATE_WEBHOOK_ALLOW)."),
    METADATA_FIELD_NOT_FOUND(404, "Check the metadata field uuid (GET meta/model/fields lists them)."),
    RATE_LIMITED(429, "Slow down and retry after the time in Retry-After."),
    NOT_SUPPORTED(501, "This server has no user accounts: favorites, saved searches (pins), comments, per-item accesses and folder owners need them. See docs/widget-surface.md."),
    INTERNAL_ERROR(500, "Retry later; the server log has the details."),
    SERVICE_UNAVAILABLE(503, "Retry later."),
    CATALOG_UNAVAILABLE(503, "The catalog database cannot be reached: retry after the time in Retry-After; a write refused so was not stored."),
    STORAGE_FULL(507, "The server's storage is full: deleting files frees space; retry after the time in Retry-After.");

    public final int status;
    public final String defaultHint;

    ApiError(int status, String defaultHint) {
        this.status = status;
        this.defaultHint = defaultHint;
    }

    public ApiException with(String message) {
        return new ApiException(this, message, defaultHint);
    }

    public ApiException with(String message, String hint) {
        return new ApiException(this, message, hint);
    }
}
