/** Tests of the built-in store. */
@NullMarked
package io.linkmesh.store.fs;

import org.jspecify.annotations.NullMarked;
