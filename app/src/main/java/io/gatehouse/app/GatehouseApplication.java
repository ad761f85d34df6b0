package io.gatehouse.app;

import io.gatehouse.command.CommandSide;
import io.gatehouse.query.QuerySide;
import io.gatehouse.sync.DirectorySync;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Gatehouse in one process: the command side, the query side and directory sync. */
@SpringBootApplication
@Import({CommandSide.class, QuerySide.class, DirectorySync.class})
public class GatehouseApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatehouseApplication.class, args);
    }
}
