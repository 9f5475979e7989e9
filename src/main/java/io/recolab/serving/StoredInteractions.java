package io.recolab.serving;

import io.recolab.data.Interactions;
import io.recolab.data.InteractionsBuilder;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The loaded log plus the interactions reported to the platform since, as one log to train on. */
public final class StoredInteractions {
    private StoredInteractions() {
    }

    public static Interactions appendTo(Interactions base, Database database) {
        return Jdbc.read(database, c -> {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM interactions");
                 ResultSet rs = count.executeQuery()) {
                if (!rs.next() || rs.getLong(1) == 0) {
                    return base;
                }
            }
            InteractionsBuilder builder = new InteractionsBuilder();
            for (int p = 0; p < base.size(); p++) {
                builder.add(base.customers().id(base.customer(p)), base.items().id(base.item(p)), base.time(p));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, item_id, occurred_at FROM interactions ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    builder.add(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant().getEpochSecond());
                }
            }
            return builder.build();
        });
    }
}
