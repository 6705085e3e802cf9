/**
 * Audit events: one {@link dev.jwtauthfilter.audit.AuthDecision} per decided request, delivered to
 * {@link dev.jwtauthfilter.audit.AuthAuditListener}s, and {@link dev.jwtauthfilter.audit.LogText} to
 * keep client-influenced text safe in line-oriented logs.
 */
package dev.jwtauthfilter.audit;
