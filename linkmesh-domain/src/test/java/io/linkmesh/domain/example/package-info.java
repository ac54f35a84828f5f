/** The embedding example of linkmesh-domain's README, compiled and run. */
@NullMarked
package io.linkmesh.domain.example;

import org.jspecify.annotations.NullMarked;
