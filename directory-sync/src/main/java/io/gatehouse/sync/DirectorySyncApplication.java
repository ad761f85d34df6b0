package io.gatehouse.sync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs directory sync on its own. */
@SpringBootApplication
public class DirectorySyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(DirectorySyncApplication.class, args);
    }
}
