/**
 * The built-in store: the desired state, its revision history and the audit log in one directory on
 * local disk, crash-safe. Start with {@link io.linkmesh.store.fs.FsRevisionStore#open} and {@link
 * io.linkmesh.store.fs.FsAuditLog#open}.
 */
@NullMarked
package io.linkmesh.store.fs;

import org.jspecify.annotations.NullMarked;
