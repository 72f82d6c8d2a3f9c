/** Top layer: the {@code fovea} command-line tool (picocli); each sub-command is one small class. */
package dev.fovea.cli;
