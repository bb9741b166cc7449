package dev.assetgate.access;

import dev.assetgate.store.Project;
import java.net.InetAddress;
import java.util.Optional;

/**
 * What the decider evaluates before a route's handler runs: who calls, the project named in the path
 * ({@code project} empty when no such project exists), what the route needs, the client's address
 * and how the request arrived (TLS, the browser's origin).
 */
public record AccessRequest(Principal principal, String token, Optional<Project> project, Need need, InetAddress client, Channel channel) {}
