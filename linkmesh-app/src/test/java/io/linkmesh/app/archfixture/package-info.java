/** Fixture classes that break the architecture rules on purpose, to show the rules fail. */
@NullMarked
package io.linkmesh.app.archfixture;

import org.jspecify.annotations.NullMarked;
