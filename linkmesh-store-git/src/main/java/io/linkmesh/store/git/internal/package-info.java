/** Internal to linkmesh-store-git; not API. */
@NullMarked
package io.linkmesh.store.git.internal;

import org.jspecify.annotations.NullMarked;
