/** The README's usage example, kept compiling and tested. */
package io.nhiguard.examples.readme;
