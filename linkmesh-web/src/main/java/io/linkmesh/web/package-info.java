/**
 * The operators' web UI as a Jetty core {@link org.eclipse.jetty.server.Handler}: {@link
 * io.linkmesh.web.WebUi} serves its static assets; the page talks to the REST API ({@code
 * linkmesh-http}) from the browser, never through Java.
 */
@NullMarked
package io.linkmesh.web;

import org.jspecify.annotations.NullMarked;
