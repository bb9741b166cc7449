package dev.assetgate.importer;

import java.io.IOException;

/** A server's refusal (its envelope's {@code code} and {@code msg}), or a server that could not be reached (status 0). */
public final class RemoteException extends IOException {
    public final int status;
    public final String code;

    public RemoteException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** "CODE: message (HTTP status)", as the failures list shows it. */
    public String reason() {
        return code + ": " + getMessage() + (status == 0 ? "" : " (HTTP " + status + ")");
    }
}
