/**
 * Immutable filter configuration: {@link dev.jwtauthfilter.config.JwtAuthConfig}, built once by its
 * builder or parsed from {@code init-param}s by {@link dev.jwtauthfilter.config.InitParamParser}, and
 * validated before the first request so that a bad setting stops start-up with a message naming
 * the offending parameter.
 */
package dev.jwtauthfilter.config;
