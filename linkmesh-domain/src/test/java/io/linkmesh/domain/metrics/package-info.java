@NullMarked
package io.linkmesh.domain.metrics;

import org.jspecify.annotations.NullMarked;
