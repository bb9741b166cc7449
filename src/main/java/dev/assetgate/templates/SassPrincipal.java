package dev.assetgate.templates;

/** A verified SASS key with the current rules of the template it was minted from. */
public record SassPrincipal(SassClaims claims, TemplatePolicy policy) {}
