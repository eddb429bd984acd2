/**
 * Internal: the commands of the {@code papyra} command line. Not exported and not API; opened to
 * picocli, which reads their annotations and sets their fields.
 */
package io.papyra.cli.internal;
