package com.example.mesh;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One application, two roles chosen by profile: {@code inventory} hosts {@link Inventory}, {@code orders}
 * hosts {@link Orders}, which calls the inventory on the other node.
 */
@SpringBootApplication
public class MeshApplication {}
