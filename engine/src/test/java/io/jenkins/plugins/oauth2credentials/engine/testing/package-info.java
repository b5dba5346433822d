/**
 * Test support shared by the engine's test packages (unit tests, provider cases, mock-oauth2-server
 * and Keycloak suites, benchmarks): one copy of each stand-in, so that a fix to it reaches every
 * suite. Nothing here opens a socket of its own; transports go where their tests point them.
 */
package io.jenkins.plugins.oauth2credentials.engine.testing;
