// A user's application as a named module: it reads Mycelium's API only. Its params records are opened to
// the two libraries that read them (Jackson binds them, Hibernate Validator checks their constraints).
module io.mycelium.example.named {
    requires io.mycelium.core;
    requires jakarta.validation;

    opens example.named to
            com.fasterxml.jackson.databind,
            org.hibernate.validator;
}
