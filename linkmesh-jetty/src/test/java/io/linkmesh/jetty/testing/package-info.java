/** Test helpers shared by the adapters' tests through this module's test-jar. */
@NullMarked
package io.linkmesh.jetty.testing;

import org.jspecify.annotations.NullMarked;
