/** Internal to linkmesh-otlp-adapter; not API. OTLP decoding, translation and body limits. */
@NullMarked
package io.linkmesh.otlp.internal;

import org.jspecify.annotations.NullMarked;
