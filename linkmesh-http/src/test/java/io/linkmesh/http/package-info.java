@NullMarked
package io.linkmesh.http;

import org.jspecify.annotations.NullMarked;
