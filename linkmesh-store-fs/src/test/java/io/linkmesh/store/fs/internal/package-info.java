/** Tests of the store's internals. */
@NullMarked
package io.linkmesh.store.fs.internal;

import org.jspecify.annotations.NullMarked;
