/** Micrometer binding of a broker's statistics: {@link io.mycelium.micrometer.MyceliumMetrics}. */
@NullMarked
package io.mycelium.micrometer;

import org.jspecify.annotations.NullMarked;
