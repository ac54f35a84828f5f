/** Fleet simulator: OpAMP agents and Alloy pollers that behave as the real ones do. */
@org.jspecify.annotations.NullMarked
package io.linkmesh.sim;
