/** The {@code linkmesh} command line: one picocli command class per subcommand. */
@NullMarked
package io.linkmesh.app.cli;

import org.jspecify.annotations.NullMarked;
