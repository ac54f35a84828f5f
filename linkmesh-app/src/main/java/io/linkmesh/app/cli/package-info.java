/** The {@code linkmesh} command line (picocli). The only code that prints to the terminal. */
@NullMarked
package io.linkmesh.app.cli;

import org.jspecify.annotations.NullMarked;
