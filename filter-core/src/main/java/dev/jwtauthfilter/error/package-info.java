/**
 * Error responses: fixed RFC 6750 challenges and bodies for every refusal, and the optional
 * redirect of browser navigations to a login page. Nothing request-specific is ever echoed.
 */
package dev.jwtauthfilter.error;
