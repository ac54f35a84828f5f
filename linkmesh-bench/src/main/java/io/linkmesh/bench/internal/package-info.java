/** Internal to linkmesh-bench; not API. */
@NullMarked
package io.linkmesh.bench.internal;

import org.jspecify.annotations.NullMarked;
