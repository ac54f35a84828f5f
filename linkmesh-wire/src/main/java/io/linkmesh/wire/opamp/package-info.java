/** OpAMP on the wire: the framing both ends of a WebSocket apply around each message. */
@org.jspecify.annotations.NullMarked
package io.linkmesh.wire.opamp;
