@NullMarked
package io.linkmesh.http.internal;

import org.jspecify.annotations.NullMarked;
