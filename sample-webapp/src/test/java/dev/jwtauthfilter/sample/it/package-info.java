/**
 * Integration tests of the sample WAR deployed unchanged in real Tomcat and Jetty distributions:
 * {@link dev.jwtauthfilter.sample.it.SampleAppContract} holds the flows, one subclass per container.
 */
package dev.jwtauthfilter.sample.it;
