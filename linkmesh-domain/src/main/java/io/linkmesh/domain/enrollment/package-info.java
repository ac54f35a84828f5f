/**
 * Enrollment tokens, collector credentials and operator API tokens. Secrets are kept only as
 * hashes.
 */
@NullMarked
package io.linkmesh.domain.enrollment;

import org.jspecify.annotations.NullMarked;
