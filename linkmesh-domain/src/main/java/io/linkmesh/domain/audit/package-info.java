/** The audit log: who did what, when, from where, to what. */
@NullMarked
package io.linkmesh.domain.audit;

import org.jspecify.annotations.NullMarked;
