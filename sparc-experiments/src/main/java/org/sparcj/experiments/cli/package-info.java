/** The {@code sparc} command line (picocli): {@link org.sparcj.experiments.cli.SparcCli} and one class per subcommand. */
package org.sparcj.experiments.cli;
