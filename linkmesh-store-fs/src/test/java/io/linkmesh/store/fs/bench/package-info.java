/** Benchmarks of the built-in store; run by hand, never by the build (see the module README). */
@NullMarked
package io.linkmesh.store.fs.bench;

import org.jspecify.annotations.NullMarked;
