/** What a connector implements and what it is given: readers hand pages to a {@link io.partnersync.sync.spi.PageSink}. */
package io.partnersync.sync.spi;
