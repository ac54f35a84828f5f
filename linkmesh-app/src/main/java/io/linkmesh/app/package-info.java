/**
 * The LinkMesh server: settings, TLS and admin-token bootstrap, and the hand wiring of the domain
 * and the adapters into one Jetty server on one port.
 */
@NullMarked
package io.linkmesh.app;

import org.jspecify.annotations.NullMarked;
