/** Internal to linkmesh-store-fs; not API. */
@NullMarked
package io.linkmesh.store.fs.internal;

import org.jspecify.annotations.NullMarked;
