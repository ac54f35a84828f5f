/**
 * The wire messages LinkMesh speaks, shared by its protocol adapters (server side) and its fleet
 * simulator (client side) so that neither keeps a second copy of a .proto. No behaviour lives here.
 */
@org.jspecify.annotations.NullMarked
package io.linkmesh.wire;
